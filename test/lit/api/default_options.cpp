// Options compiled into the program through __lsan_default_options (LeakSanitizer's
// name) or __leakscope_default_options; LEAKSCOPE_OPTIONS overrides them. A bad value
// in a hook is a one-line error naming that hook (here __lsan_default_options, not the
// other one); an unknown name there is a warning naming it, and the rest still applies.
// RUN: %clangxx -g -O0 -DLSAN_NAME %s -o %t
// RUN: %expect_exit 7 %t 2>&1 | FileCheck %s
// RUN: env LEAKSCOPE_OPTIONS=exitcode=9 %expect_exit 9 %t 2>&1 | FileCheck %s
// RUN: %clangxx -g -O0 %s -o %t.ls
// RUN: %expect_exit 7 %t.ls 2>&1 | FileCheck %s
// RUN: %clangxx -g -O0 -DBROKEN %s -o %t.bad
// RUN: %expect_exit 1 %t.bad 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: %clangxx -g -O0 -DBROKEN_LEAKSCOPE %s -o %t.bad2
// RUN: %expect_exit 1 %t.bad2 2> %t.bad2.err
// RUN: count 1 < %t.bad2.err
// RUN: FileCheck %s --check-prefix=BAD-LEAKSCOPE < %t.bad2.err
// RUN: %clangxx -g -O0 -DUNKNOWN %s -o %t.unknown
// RUN: %expect_exit 7 %t.unknown 2>&1 | FileCheck %s --check-prefix=UNKNOWN
#include <stdlib.h>

#if defined(BROKEN)
extern "C" const char *__lsan_default_options() { return "exitcode=7:bogus_option=1:max_leaks=x"; }
#elif defined(BROKEN_LEAKSCOPE)
extern "C" const char *__leakscope_default_options() { return "exitcode=7 max_leaks=lots"; }
#elif defined(UNKNOWN)
extern "C" const char *__leakscope_default_options() { return "exitcode=7:bogus_option=1:max_leaks=1"; }
#elif defined(LSAN_NAME)
extern "C" const char *__lsan_default_options() { return "exitcode=7:max_leaks=1"; }
#else
extern "C" const char *__leakscope_default_options() { return "exitcode=7 max_leaks=1"; }
#endif

void *volatile sink;

int main() {
  sink = malloc(61);
  sink = malloc(62);
  sink = nullptr;
  return 0;
}
// CHECK: Direct leak of 62 byte(s)
// CHECK-NOT: Direct leak of 61
// CHECK: The 1 top leak(s) are shown (max_leaks=1); 1 more are not.
// BAD: LeakScope: unknown option 'bogus_option' in __lsan_default_options ignored
// BAD-NEXT: LeakScope: bad value 'x' for option 'max_leaks' in __lsan_default_options (expected an integer)
// BAD-NOT: Direct leak
// BAD-LEAKSCOPE: LeakScope: bad value 'lots' for option 'max_leaks' in __leakscope_default_options (expected an integer)
// UNKNOWN: LeakScope: unknown option 'bogus_option' in __leakscope_default_options ignored
// UNKNOWN: Direct leak of 62 byte(s)
// UNKNOWN-NOT: Direct leak of 61

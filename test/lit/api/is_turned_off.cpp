// A program defining __lsan_is_turned_off (or __leakscope_is_turned_off) to return
// non-zero turns every check off: at exit and explicit ones.
// RUN: %clangxx -g -O0 -DLSAN_NAME %s -o %t
// RUN: %expect_exit 0 %t 2>&1 | FileCheck %s
// RUN: %clangxx -g -O0 %s -o %t.ls
// RUN: %expect_exit 0 %t.ls 2>&1 | FileCheck %s
// RUN: %clangxx -g -O0 -DLSAN_NAME -DRETURN_ZERO %s -o %t.zero
// RUN: %expect_exit 23 %t.zero 2>&1 | FileCheck %s --check-prefix=ON
#include <stdio.h>
#include <stdlib.h>

#ifdef RETURN_ZERO
#define TURNED_OFF 0
#else
#define TURNED_OFF 1
#endif
#ifdef LSAN_NAME
extern "C" int __lsan_is_turned_off() { return TURNED_OFF; }
#else
extern "C" int __leakscope_is_turned_off() { return TURNED_OFF; }
#endif
extern "C" int __lsan_do_recoverable_leak_check();

void *volatile sink;

int main() {
  sink = malloc(51);
  sink = nullptr;
  fprintf(stderr, "recoverable = %d\n", __lsan_do_recoverable_leak_check());
  return 0;
}
// CHECK: recoverable = 0
// CHECK-NOT: leak
// ON: Direct leak of 51 byte(s)
// ON: recoverable = 1
// ON: Direct leak of 51 byte(s)

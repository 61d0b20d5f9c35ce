// Options written for LeakSanitizer work unchanged. An unknown name never stops the
// program: LEAKSCOPE_OPTIONS warns once per name and goes on (the known options around
// it still apply); LSAN_OPTIONS is read too, before LEAKSCOPE_OPTIONS, and its unknown
// names are ignored silently (a warning only at verbosity>=1), as LeakSanitizer does.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: echo "leak:SuppressedSite" > %t.supp
// RUN: env LEAKSCOPE_OPTIONS="handle_segv=0:exitcode=42:log_pointers=1:handle_segv=1" %expect_exit 42 %t 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: env LSAN_OPTIONS="use_ld_allocations=0:exitcode=41:suppressions=%t.supp" %expect_exit 41 %t 2>&1 | FileCheck %s --check-prefix=LSAN
// RUN: env LSAN_OPTIONS="use_ld_allocations=0:exitcode=41:suppressions=%t.supp" LEAKSCOPE_OPTIONS=exitcode=43 %expect_exit 43 %t 2>&1 | FileCheck %s --check-prefix=LSAN
// RUN: env LSAN_OPTIONS="use_ld_allocations=0:verbosity=1" %expect_exit 23 %t 2>&1 | FileCheck %s --check-prefix=VERBOSE
// A bad value in LSAN_OPTIONS is still an error, naming where it came from.
// RUN: env LSAN_OPTIONS=exitcode=x %expect_exit 1 %t 2>&1 | FileCheck %s --check-prefix=BAD
#include <stdio.h>
#include <stdlib.h>

void *volatile sink;

__attribute__((noinline)) void SuppressedSite() { sink = malloc(11); }

int main() {
  puts("main ran");
  fflush(stdout);
  SuppressedSite();
  sink = malloc(33);
  sink = nullptr;
  return 0;
}
// UNKNOWN: LeakScope: unknown option 'handle_segv' in LEAKSCOPE_OPTIONS ignored
// UNKNOWN-NEXT: LeakScope: unknown option 'log_pointers' in LEAKSCOPE_OPTIONS ignored
// UNKNOWN-NOT: unknown option
// UNKNOWN: main ran
// UNKNOWN: Direct leak of 33 byte(s)
// UNKNOWN: Direct leak of 11 byte(s)

// LSAN-NOT: unknown option
// LSAN: main ran
// LSAN: Direct leak of 33 byte(s)
// LSAN-NOT: Direct leak of 11
// LSAN: Suppressions used:
// LSAN: 1 11 SuppressedSite

// VERBOSE: LeakScope: unknown option 'use_ld_allocations' in LSAN_OPTIONS ignored
// VERBOSE: main ran

// BAD: LeakScope: bad value 'x' for option 'exitcode' in LSAN_OPTIONS (expected an integer)
// BAD-NOT: main ran

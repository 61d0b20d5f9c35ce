// __lsan_do_leak_check runs the exit-time check now. With leaks it reports and exits
// with exitcode (23) at once. Without leaks it returns, and from then on it and the
// check at exit do nothing, even when leaks appear later (LeakSanitizer's contract).
// RUN: %clangxx -g -O0 -I%S/../../../include %s -o %t
// RUN: %expect_exit 23 %t leak-first 2>&1 | FileCheck %s --check-prefix=FIRST
// RUN: %expect_exit 0 %t clean-first 2>&1 | FileCheck %s --check-prefix=CLEAN
// RUN: env LEAKSCOPE_OPTIONS=exitcode=0 %expect_exit 0 %t leak-first 2>&1 | FileCheck %s --check-prefix=NOEXIT
// leak_check_at_exit=0 does not disable explicit checks:
// RUN: env LEAKSCOPE_OPTIONS=leak_check_at_exit=0 %expect_exit 23 %t leak-first 2>&1 | FileCheck %s --check-prefix=FIRST
#include <leakscope/leakscope.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "Inputs/lsan_api.h"

void *volatile sink;

int main(int argc, char **argv) {
  if (!strcmp(argv[1], "leak-first")) {
    sink = malloc(31);
    sink = nullptr;
    __lsan_do_leak_check();
    fprintf(stderr, "after first check\n");
    sink = malloc(32);
    sink = nullptr;
    __leakscope_do_leak_check();
    fprintf(stderr, "after second check\n");
    return 0;
  }
  __lsan_do_leak_check();
  fprintf(stderr, "clean check returned\n");
  sink = malloc(33);
  sink = nullptr;
  __lsan_do_leak_check();
  fprintf(stderr, "second check returned\n");
  return 0;
}
// FIRST: Direct leak of 31 byte(s) in 1 object(s)
// FIRST: SUMMARY: LeakScope: 31 byte(s) leaked in 1 allocation(s).
// FIRST-NOT: after first check

// CLEAN: clean check returned
// CLEAN-NEXT: second check returned
// CLEAN-NOT: leak

// NOEXIT: Direct leak of 31 byte(s)
// NOEXIT: after first check
// NOEXIT-NEXT: after second check
// NOEXIT-NOT: leak of

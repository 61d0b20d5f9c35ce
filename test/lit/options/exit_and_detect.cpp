// exitcode=N changes the exit code on leaks (0: report but succeed); detect_leaks=0
// turns the check off; leak_check_at_exit=0 skips only the exit check.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s
// RUN: env LEAKSCOPE_OPTIONS=exitcode=42 %expect_exit 42 %t 2>&1 | FileCheck %s
// RUN: env LEAKSCOPE_OPTIONS=exitcode=0 %expect_exit 0 %t 2>&1 | FileCheck %s
// RUN: env LEAKSCOPE_OPTIONS=detect_leaks=0 %expect_exit 0 %t 2>&1 | FileCheck %s --check-prefix=OFF --allow-empty
// RUN: env LEAKSCOPE_OPTIONS=leak_check_at_exit=0 %expect_exit 0 %t 2>&1 | FileCheck %s --check-prefix=OFF --allow-empty
// RUN: env LEAKSCOPE_OPTIONS="detect_leaks=0 exitcode=5" %expect_exit 0 %t 2>&1 | FileCheck %s --check-prefix=OFF --allow-empty
#include <stdlib.h>

void *volatile sink;

int main() {
  sink = malloc(65);
  sink = nullptr;
  return 0;
}
// CHECK: Direct leak of 65 byte(s) in 1 object(s)
// CHECK: SUMMARY: LeakScope: 65 byte(s) leaked in 1 allocation(s).
// OFF-NOT: leak

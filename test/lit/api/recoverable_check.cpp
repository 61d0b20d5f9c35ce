// __lsan_do_recoverable_leak_check reports and returns 1 when there are leaks, 0 when
// there are none; it can run any number of times, each time reporting everything
// leaked at that moment (no deltas), and the check at exit still runs.
// RUN: %clangxx -g -O0 -I%S/../../../include %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s
#include <leakscope/leakscope.h>
#include <stdio.h>
#include <stdlib.h>

#include "Inputs/lsan_api.h"

void *volatile sink;
void *kept;

int main() {
  kept = malloc(41);
  fprintf(stderr, "check 1 = %d\n", __lsan_do_recoverable_leak_check());
  sink = malloc(42);
  sink = nullptr;
  fprintf(stderr, "check 2 = %d\n", __lsan_do_recoverable_leak_check());
  fprintf(stderr, "check 3 = %d\n", __leakscope_do_recoverable_leak_check());
  kept = nullptr;  // 41 bytes now lost too
  fprintf(stderr, "check 4 = %d\n", __lsan_do_recoverable_leak_check());
  return 0;
}
// CHECK-NOT: leak of
// CHECK: check 1 = 0
// CHECK: Direct leak of 42 byte(s) in 1 object(s)
// CHECK: SUMMARY: LeakScope: 42 byte(s) leaked in 1 allocation(s).
// CHECK: check 2 = 1
// CHECK: Direct leak of 42 byte(s) in 1 object(s)
// CHECK: check 3 = 1
// CHECK: SUMMARY: LeakScope: 83 byte(s) leaked in 2 allocation(s).
// CHECK: check 4 = 1
// At exit:
// CHECK: SUMMARY: LeakScope: 83 byte(s) leaked in 2 allocation(s).

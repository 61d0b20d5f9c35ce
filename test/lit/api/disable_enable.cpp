// Allocations made between __lsan_disable and __lsan_enable (nested, per thread), or in
// the scope of leakscope::ScopedDisabler / __lsan::ScopedDisabler, are never reported.
// Allocations after the scope, or made by another thread meanwhile, are.
// RUN: %clangxx -g -O0 -I%S/../../../include %s -o %t -lpthread
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s
// An unbalanced __lsan_enable is a usage error, reported in one line:
// RUN: %expect_exit 1 %t unbalanced 2>&1 | FileCheck %s --check-prefix=UNBALANCED
#include <leakscope/leakscope.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "Inputs/lsan_api.h"

void *volatile sink;

void *other_thread(void *) {
  sink = malloc(91);  // reported: this thread never disabled anything
  return nullptr;
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "unbalanced")) {
    __lsan_enable();
    return 0;
  }
  __lsan_disable();
  __lsan_disable();
  sink = malloc(81);
  __lsan_enable();
  sink = malloc(82);  // still disabled once
  pthread_t t;
  pthread_create(&t, nullptr, other_thread, nullptr);
  pthread_join(t, nullptr);
  __lsan_enable();
  {
    leakscope::ScopedDisabler d;
    sink = malloc(83);
  }
  {
    __lsan::ScopedDisabler d;
    sink = malloc(84);
  }
  __leakscope_disable();
  sink = malloc(85);
  __leakscope_enable();
  sink = malloc(92);  // reported
  sink = nullptr;
  return 0;
}
// CHECK-DAG: Direct leak of 91 byte(s) in 1 object(s)
// CHECK-DAG: Direct leak of 92 byte(s) in 1 object(s)
// CHECK-NOT: leak of 8{{[1-5]}} byte
// CHECK: SUMMARY: LeakScope: 183 byte(s) leaked in 2 allocation(s).
// UNBALANCED: LeakScope: __lsan_enable() called more often than __lsan_disable()

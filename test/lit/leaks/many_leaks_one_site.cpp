// 100,000 leaks from one allocation site are one record.
// RUN: %clangxx -g -O1 %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s
#include <stdlib.h>

void *volatile sink;

__attribute__((noinline)) void leak_one() { sink = malloc(24); }

int main() {
  for (int i = 0; i < 100000; i++) leak_one();
  sink = nullptr;
  return 0;
}
// CHECK: Direct leak of 2400000 byte(s) in 100000 object(s) allocated from:
// CHECK: in leak_one() {{.*}}many_leaks_one_site.cpp:8
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakScope: 2400000 byte(s) leaked in 100000 allocation(s).

// A leak larger than 1 MiB (a large-region chunk) is reported with its exact size.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s
#include <stdlib.h>
#include <string.h>

void *volatile sink;

int main() {
  void *p = malloc(3 * 1024 * 1024 + 5);
  memset(p, 0xab, 3 * 1024 * 1024 + 5);  // no stale pointers inside
  sink = p;
  sink = nullptr;
  p = nullptr;
  return 0;
}
// CHECK: Direct leak of 3145733 byte(s) in 1 object(s) allocated from:
// CHECK: big_leak.cpp:10
// CHECK: SUMMARY: LeakScope: 3145733 byte(s) leaked in 1 allocation(s).

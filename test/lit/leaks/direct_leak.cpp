// A block whose only pointer is overwritten is a direct leak, reported with its
// allocation stack, and the program exits with 23.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s
#include <stdlib.h>

void *volatile sink;

__attribute__((noinline)) void leak_it() {
  sink = malloc(42);
  sink = nullptr;
}

int main() {
  leak_it();
  return 0;
}
// CHECK: ==ERROR: LeakScope: detected memory leaks
// CHECK: Direct leak of 42 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in leak_it() {{.*}}direct_leak.cpp:10:10
// CHECK-NEXT: #2 0x{{[0-9a-f]+}} in main {{.*}}direct_leak.cpp:15:3
// CHECK: SUMMARY: LeakScope: 42 byte(s) leaked in 1 allocation(s).

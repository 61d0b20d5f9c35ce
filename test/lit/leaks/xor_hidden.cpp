// A pointer hidden by XOR is not a pointer: the block is leaked.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s
#include <stdint.h>
#include <stdlib.h>

uintptr_t hidden;

int main() {
  hidden = (uintptr_t)malloc(77) ^ 0x5a5a5a5a5a5aULL;
  return 0;
}
// CHECK: Direct leak of 77 byte(s) in 1 object(s) allocated from:
// CHECK: SUMMARY: LeakScope: 77 byte(s) leaked in 1 allocation(s).

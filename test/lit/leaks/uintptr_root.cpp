// The marker is conservative: a pointer kept only as an integer (uintptr_t) still
// keeps its block alive, and so does an interior pointer into the middle of a block.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %expect_exit 0 %t 2>&1 | FileCheck %s --allow-empty
#include <stdint.h>
#include <stdlib.h>

uintptr_t as_integer;
char *interior;

int main() {
  as_integer = (uintptr_t)malloc(48);
  interior = (char *)malloc(4000) + 2345;
  return 0;
}
// CHECK-NOT: leak

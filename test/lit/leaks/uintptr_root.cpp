// The marker is conservative: a pointer kept only as an integer (uintptr_t) still
// keeps its block alive, and so does an interior pointer into the middle of a block.
// The check runs and finds nothing (verbosity=1 prints its totals); the control build
// clears both, and both blocks are reported.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: env LEAKSCOPE_OPTIONS=verbosity=1 %expect_exit 0 %t 2>&1 | FileCheck %s
// RUN: %clangxx -g -O0 -DLOSE_ROOTS %s -o %t.lost
// RUN: %expect_exit 23 %t.lost 2>&1 | FileCheck --check-prefix=LOST %s
#include <stdint.h>
#include <stdlib.h>

uintptr_t as_integer;
char *interior;

int main() {
  as_integer = (uintptr_t)malloc(48);
  interior = (char *)malloc(4000) + 2345;
#ifdef LOSE_ROOTS
  as_integer = 0;
  interior = nullptr;
#endif
  return 0;
}
// CHECK-NOT: {{(Direct|Indirect) leak of}}
// CHECK: LeakScope: leak check 1 (exit): 0 record(s), 0 byte(s) in 0 object(s) leaked
// CHECK-NOT: {{(Direct|Indirect) leak of}}
// LOST: Direct leak of 4000 byte(s) in 1 object(s) allocated from:
// LOST: Direct leak of 48 byte(s) in 1 object(s) allocated from:
// LOST: SUMMARY: LeakScope: 4048 byte(s) leaked in 2 allocation(s).

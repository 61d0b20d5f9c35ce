// A block reachable only from a live stack frame is not a leak: exit() is called while
// main's frame still holds the pointer. The check runs and finds nothing (verbosity=1
// prints its totals); the control build clears the slot first, and the block is reported.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: env LEAKSCOPE_OPTIONS=verbosity=1 %t 2>&1 | FileCheck %s
// RUN: %clangxx -g -O0 -DLOSE_ROOTS %s -o %t.lost
// RUN: %expect_exit 23 %t.lost 2>&1 | FileCheck --check-prefix=LOST %s
#include <stdlib.h>

int main() {
  void *volatile on_stack = malloc(1234);
  (void)on_stack;
#ifdef LOSE_ROOTS
  on_stack = nullptr;
#endif
  exit(0);
}
// CHECK-NOT: {{(Direct|Indirect) leak of}}
// CHECK: LeakScope: leak check 1 (exit): 0 record(s), 0 byte(s) in 0 object(s) leaked
// CHECK-NOT: {{(Direct|Indirect) leak of}}
// LOST: Direct leak of 1234 byte(s) in 1 object(s) allocated from:
// LOST: SUMMARY: LeakScope: 1234 byte(s) leaked in 1 allocation(s).

// Blocks reachable from globals (.data and .bss) are not leaks. The check runs and
// finds nothing (verbosity=1 prints its totals); the control build drops both roots,
// and the same blocks are reported.
// RUN: %clangxx -g -O2 %s -o %t
// RUN: env LEAKSCOPE_OPTIONS=verbosity=1 %t 2>&1 | FileCheck %s
// RUN: %clangxx -g -O2 -DLOSE_ROOTS %s -o %t.lost
// RUN: %expect_exit 23 %t.lost 2>&1 | FileCheck --check-prefix=LOST %s
#include <stdlib.h>

struct Holder {
  void *p;
};
Holder in_bss;
Holder in_data = {(void *)&in_bss};

int main() {
  in_bss.p = malloc(100);
  in_data.p = malloc(200);
#ifdef LOSE_ROOTS
  Holder *volatile h = &in_bss;  // through a volatile pointer: stores the optimizer keeps
  h->p = nullptr;
  h = &in_data;
  h->p = nullptr;
#endif
  return 0;
}
// CHECK-NOT: {{(Direct|Indirect) leak of}}
// CHECK: LeakScope: leak check 1 (exit): 0 record(s), 0 byte(s) in 0 object(s) leaked
// CHECK-NOT: {{(Direct|Indirect) leak of}}
// LOST: Direct leak of 200 byte(s) in 1 object(s) allocated from:
// LOST: Direct leak of 100 byte(s) in 1 object(s) allocated from:
// LOST: SUMMARY: LeakScope: 300 byte(s) leaked in 2 allocation(s).

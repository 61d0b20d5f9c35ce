// Ages stay right past the one-byte stamp's 256 epochs: with a 2 ms clock, 3 s are
// well over a thousand epochs, and a block written at the start is still 3 s old (the
// shadow sweep folded its stamp before the byte wrapped; without the sweep it would
// alias to a recent epoch and not be stale). A block written just before exit is not
// stale. verbosity=1 prints the epoch count at exit.
// RUN: %clangxx -g -O1 %s -o %t
// RUN: env LEAKSCOPE_OPTIONS=report_stale=1:stale_after_s=2:epoch_period_ms=2:verbosity=1 %t 2>&1 | FileCheck %s
#include <stdlib.h>
#include <time.h>

char *volatile old_block;
char *volatile recent_block;

int main() {
  old_block = (char *)malloc(1234);
  recent_block = (char *)malloc(4321);
  old_block[0] = 1;
  struct timespec ts = {3, 0};
  nanosleep(&ts, nullptr);
  recent_block[100] = 2;
  return 0;
}
// CHECK-NOT: Stale memory: 4321
// CHECK: Stale memory: 1234 byte(s) in 1 object(s) not accessed for at least 2 s, allocated from:
// CHECK-NEXT: last accessed {{[2-4]}} s ago
// CHECK-NOT: Stale memory: 4321
// CHECK: SUMMARY: LeakScope: 1234 byte(s) stale in 1 allocation(s).
// CHECK: LeakScope: epoch clock: {{[0-9][0-9][0-9]+}} epoch(s) advanced (epoch_period_ms=2), {{[1-9][0-9]*}} shadow sweep(s)

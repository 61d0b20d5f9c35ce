// One module built with track_loads=0 makes the whole program writes-only: its reads
// are not seen, so the report says "not written" even though the other module tracks
// loads. A program whose modules all track loads says "not accessed" (the control).
// RUN: env LEAKSCOPE_PASS_OPTIONS=track_loads=0 %clangxx -g -O1 -DPART_A -c %s -o %t.a.o
// RUN: %clangxx -g -O1 -c %s -o %t.b.o
// RUN: %clangxx -g -O1 -DPART_A -c %s -o %t.a2.o
// RUN: %clangxx %t.a.o %t.b.o -o %t.mixed
// RUN: %clangxx %t.a2.o %t.b.o -o %t.loads
// RUN: env LEAKSCOPE_OPTIONS=report_stale=1:stale_after_s=0 %t.mixed 2>&1 | FileCheck %s --check-prefix=MIXED
// RUN: env LEAKSCOPE_OPTIONS=report_stale=1:stale_after_s=0 %t.loads 2>&1 | FileCheck %s --check-prefix=LOADS
#include <stdlib.h>

#ifdef PART_A
char *volatile block;
void Make() { block = (char *)malloc(4040); }
#else
void Make();
int main() {
  Make();
  return 0;
}
#endif
// MIXED: Stale memory: 4040 byte(s) in 1 object(s) not written for at least 0 s, allocated from:
// LOADS: Stale memory: 4040 byte(s) in 1 object(s) not accessed for at least 0 s, allocated from:

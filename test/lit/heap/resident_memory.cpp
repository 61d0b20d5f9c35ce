// verbosity=2 names, at the final leak check, where resident memory goes: the program's
// heap blocks and each part of the runtime. Here 16 MiB of small blocks (4096 x 4000
// bytes) and one 8 MiB large block, all written: heap blocks >= 24 MiB, their chunk
// metadata 6 bytes a chunk (>= 24 KiB, far below the heap), and the access shadow: 1/16
// of the small blocks' range (>= 1000 KiB: each block's first granule is stamped, and
// 4000-byte blocks put a stamp on every page of that shadow) once the epoch has
// advanced before the writes, next to nothing when it has not (stamps start at epoch 1).
// RUN: %clangxx -g -O1 %s -o %t
// RUN: env LEAKSCOPE_OPTIONS=verbosity=2:epoch_period_ms=20 %t 2>&1 | FileCheck %s
// RUN: env LEAKSCOPE_OPTIONS=verbosity=2:epoch_period_ms=20 %t 2>&1 | grep 'resident memory' | \
// RUN:   awk -F'[ ;:,]+' '{ for (i = 1; i < NF; i++) v[$i] = $(i + 1) } \
// RUN:     END { heap = v["blocks"]; meta = v["metadata"]; shadow = v["shadow"]; \
// RUN:           ok = heap >= 24576 && meta >= 24 && meta * 20 < heap && shadow >= 1000 && shadow * 10 < heap; \
// RUN:           print (ok ? "bounds ok" : "bounds violated: " $0) }' | FileCheck %s --check-prefix=BOUNDS
// RUN: env LEAKSCOPE_OPTIONS=verbosity=2:epoch_period_ms=100000 %t 2>&1 | grep 'resident memory' | \
// RUN:   awk -F'[ ;:,]+' '{ for (i = 1; i < NF; i++) v[$i] = $(i + 1) } \
// RUN:     END { print (v["shadow"] < 256 && v["blocks"] >= 24576 ? "no epoch ok" : "violated: " $0) }' | \
// RUN:   FileCheck %s --check-prefix=NOEPOCH
// The line is not printed below verbosity 2:
// RUN: env LEAKSCOPE_OPTIONS=verbosity=1 %t 2>&1 | FileCheck %s --check-prefix=QUIET
#include <stdlib.h>
#include <string.h>
#include <time.h>

char *volatile g_blocks[4096];
char *volatile g_large;

int main() {
  struct timespec ts = {0, 100 * 1000 * 1000};  // five epochs at 20 ms
  nanosleep(&ts, nullptr);
  for (int i = 0; i < 4096; i++) {
    g_blocks[i] = (char *)malloc(4000);
    memset(g_blocks[i], 1, 4000);
  }
  g_large = (char *)malloc(8 << 20);
  memset(g_large, 1, 8 << 20);
  return 0;
}
// CHECK: LeakScope: resident memory: heap blocks {{[0-9]+}} KiB; the runtime's: allocator metadata {{[0-9]+}} KiB, access shadow {{[0-9]+}} KiB, stack depot {{[1-9][0-9]*}} KiB, bucket counters {{[0-9]+}} KiB, work arrays {{[0-9]+}} KiB, other {{[0-9]+}} KiB
// BOUNDS: bounds ok
// NOEPOCH: no epoch ok
// QUIET-NOT: resident memory
// QUIET: leak check 1 (exit)

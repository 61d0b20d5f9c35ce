// use_unaligned=1 counts a pointer stored at any byte offset (packed structs, byte
// buffers), as LeakSanitizer's option does; by default only 8-aligned words count.
// Also across the marker's 4 KiB block cuts: one pointer straddles a cut inside a big
// heap block, one sits unaligned in a global.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s --check-prefix=ALIGNED
// RUN: env LSAN_OPTIONS=use_unaligned=1 %expect_exit 0 %t 2>&1 | FileCheck %s --check-prefix=UNALIGNED --allow-empty
#include <stdlib.h>
#include <string.h>

char global_bytes[64];
void **volatile big;

__attribute__((noinline)) void Hide() {
  void *a = malloc(100);
  memcpy(global_bytes + 3, &a, sizeof(a));
  big = (void **)calloc(1, 3 * 4096);
  void *b = malloc(200);
  memcpy((char *)big + 4096 - 3, &b, sizeof(b));  // across the first 4 KiB cut
  a = b = nullptr;
}

int main() {
  Hide();
  return 0;
}
// ALIGNED-DAG: Direct leak of 200 byte(s) in 1 object(s)
// ALIGNED-DAG: Direct leak of 100 byte(s) in 1 object(s)
// ALIGNED: SUMMARY: LeakScope: 300 byte(s) leaked in 2 allocation(s).
// UNALIGNED-NOT: leak

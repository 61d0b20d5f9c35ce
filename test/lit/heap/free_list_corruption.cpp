// A write into a freed block must not take over the allocator: the free-list link kept
// in a freed chunk is encoded with a per-process secret and checked when the chunk is
// popped. A plausible pointer written there (the address of a global) made malloc
// return that global; a garbage value crashed inside malloc. Both are now reported as
// heap corruption and abort. Positive control: without the write, both mallocs work.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %t none 2>&1 | FileCheck %s --check-prefix=OK
// RUN: %expect_exit 134 %t global 2>&1 | FileCheck %s --check-prefix=CORRUPT
// RUN: %expect_exit 134 %t garbage 2>&1 | FileCheck %s --check-prefix=CORRUPT
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char global_buffer[64];

int main(int argc, char **argv) {
  void **a = (void **)malloc(48);
  void *b = malloc(48);  // a second free chunk, so the list has a real link
  free(b);
  free(a);
  if (!strcmp(argv[1], "global")) a[0] = global_buffer;  // use after free
  if (!strcmp(argv[1], "garbage")) a[0] = (void *)(uintptr_t)0x4141414141414141ull;
  void *x = malloc(48);
  void *y = malloc(48);
  printf("%s\n", y == global_buffer ? "malloc returned a global" : "malloc ok");
  free(x);
  free(y);
  return 0;
}
// OK: malloc ok
// CORRUPT: LeakScope: heap corruption: a freed chunk's free-list link was overwritten (chunk 0x{{[0-9a-f]+}}, size class 2); a freed block was written to?
// CORRUPT-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CORRUPT-NEXT: in main {{.*}}free_list_corruption.cpp:24
// CORRUPT-NOT: malloc

// Heap blocks and globals the program made PROT_NONE (mprotect) are not read by the
// check (it segfaulted with no message): what cannot be read is skipped, which
// verbosity=1 says, and the blocks only it pointed to are reported, since nothing
// readable keeps them. Without the mprotect the same blocks are reachable (control).
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %expect_exit 0 %t readable 2>&1 | FileCheck %s --check-prefix=READABLE
// READABLE: readable: ready
// READABLE-NOT: leak
// RUN: env LEAKSCOPE_OPTIONS=verbosity=1 %expect_exit 23 %t heap 2>&1 | FileCheck %s --check-prefix=HEAP
// HEAP: heap: ready
// HEAP: LeakScope: leak check: skipped 65536 byte(s) in {{[0-9]+}} range(s) the program made unreadable
// HEAP: Direct leak of 1111 byte(s) in 1 object(s)
// HEAP-NOT: Direct leak
// RUN: env LEAKSCOPE_OPTIONS=verbosity=1 %expect_exit 23 %t global 2>&1 | FileCheck %s --check-prefix=GLOBAL
// GLOBAL: global: ready
// GLOBAL: LeakScope: leak check: skipped 4096 byte(s) in 1 range(s) the program made unreadable
// GLOBAL: Direct leak of 2222 byte(s) in 1 object(s)
// GLOBAL-NOT: Direct leak
// The exit check also runs with parallel markers on big heaps: one marker, then four.
// RUN: env LEAKSCOPE_OPTIONS=mark_threads=4 %expect_exit 23 %t heap 2>&1 | FileCheck %s --check-prefix=HEAP4
// HEAP4: Direct leak of 1111 byte(s) in 1 object(s)
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

// A page of its own in .bss, so mprotect changes nothing else.
alignas(4096) void *page_global[4096 / sizeof(void *)];
void **volatile holder;

int main(int argc, char **argv) {
  const char *mode = argv[1];
  // A 64 KiB block (a large chunk: page-aligned) holding the only pointer to another.
  holder = (void **)aligned_alloc(4096, 65536);
  memset(holder, 0, 65536);
  holder[10] = malloc(1111);
  page_global[3] = malloc(2222);
  // Many reachable blocks, so that parallel markers have work to share.
  void **list = (void **)malloc(20000 * sizeof(void *));
  holder[20] = list;
  for (int i = 0; i < 20000; i++) list[i] = malloc(32);
  if (!strcmp(mode, "heap")) {
    page_global[4] = list;  // still reachable
    mprotect(holder, 65536, PROT_NONE);
  }
  if (!strcmp(mode, "global")) mprotect(page_global, 4096, PROT_NONE);
  fprintf(stderr, "%s: ready\n", mode);
  return 0;
}

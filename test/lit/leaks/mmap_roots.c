// Pointers kept in memory the program mmap'd itself are roots (use_mmap=1, the
// default), as in Valgrind: arenas and pools (pymalloc's, for one) hold the blocks
// they hand out. use_mmap=0 does not scan them: the block is then reported (the
// positive control). The runtime's own mappings are never roots: the block dropped
// outright is reported either way. A region reserved but never touched costs nothing
// to skip (its pages are not read).
// RUN: %clang -g -O0 %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | FileCheck --check-prefix=SCANNED %s
// SCANNED-NOT: 3333 byte(s)
// SCANNED: Direct leak of 1111 byte(s) in 1 object(s)
// SCANNED-NOT: 3333 byte(s)
// SCANNED: SUMMARY: LeakScope: 1111 byte(s) leaked in 1 allocation(s).
// RUN: env LEAKSCOPE_OPTIONS=use_mmap=0 %expect_exit 23 %t 2>&1 | FileCheck --check-prefix=OFF %s
// OFF-DAG: Direct leak of 3333 byte(s) in 1 object(s)
// OFF-DAG: Direct leak of 1111 byte(s) in 1 object(s)
// OFF: SUMMARY: LeakScope: 4444 byte(s) leaked in 2 allocation(s).
#include <stdlib.h>
#include <sys/mman.h>

void *volatile sink;

int main(void) {
  // 64 MiB reserved, one page touched near the end, where the pointer is kept.
  size_t size = 64 << 20;
  char *arena = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (arena == MAP_FAILED) return 1;
  *(void **)(arena + size - 4096 + 8) = malloc(3333);
  sink = malloc(1111);
  sink = NULL;
  return 0;
}

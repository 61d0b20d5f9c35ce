// Pointers kept in memory the program mmap'd itself are roots (use_mmap=1, the
// default), as in Valgrind: arenas and pools (pymalloc's, for one) hold the blocks
// they hand out. use_mmap=0 does not scan them: the block is then reported (the
// positive control). The runtime's own mappings are never roots: the block dropped
// outright is reported either way.
// RUN: %clang -g -O0 -I%S/../../../include %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | FileCheck --check-prefix=SCANNED %s
// SCANNED-NOT: 3333 byte(s)
// SCANNED: Direct leak of 1111 byte(s) in 1 object(s)
// SCANNED-NOT: 3333 byte(s)
// SCANNED: SUMMARY: LeakScope: 1111 byte(s) leaked in 1 allocation(s).
// RUN: env LEAKSCOPE_OPTIONS=use_mmap=0 %expect_exit 23 %t 2>&1 | FileCheck --check-prefix=OFF %s
// OFF-DAG: Direct leak of 3333 byte(s) in 1 object(s)
// OFF-DAG: Direct leak of 1111 byte(s) in 1 object(s)
// OFF: SUMMARY: LeakScope: 4444 byte(s) leaked in 2 allocation(s).
//
// Pages the program never touched are not read (reading maps them in; mincore shows
// it, as the control that reads them itself does):
// RUN: %expect_exit 23 %t pages 2>&1 | FileCheck --check-prefix=PAGES %s
// PAGES: resident after the check: 1 of 16384
// PAGES: resident after reading: 16384 of 16384
#include <leakscope/leakscope.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

void *volatile sink;

static size_t Resident(char *p, size_t size) {
  static unsigned char vec[16384];
  size_t n = 0;
  if (mincore(p, size, vec) != 0) return (size_t)-1;
  for (size_t i = 0; i < size / 4096; i++) n += vec[i] & 1;
  return n;
}

int main(int argc, char **argv) {
  // 64 MiB reserved, one page touched near the end, where the pointer is kept.
  size_t size = 64 << 20;
  char *arena = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (arena == MAP_FAILED) return 1;
  *(void **)(arena + size - 4096 + 8) = malloc(3333);
  sink = malloc(1111);
  sink = NULL;
  if (argc > 1 && !strcmp(argv[1], "pages")) {
    __leakscope_do_recoverable_leak_check();
    fprintf(stderr, "resident after the check: %zu of %zu\n", Resident(arena, size), size / 4096);
    long sum = 0;
    for (size_t off = 0; off < size; off += 4096) sum += ((volatile char *)arena)[off];
    fprintf(stderr, "resident after reading: %zu of %zu\n", Resident(arena, size), size / 4096 + sum);
  }
  return 0;
}

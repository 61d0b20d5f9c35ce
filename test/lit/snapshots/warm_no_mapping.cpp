// A warm snapshot (no stack it has not seen before) maps, remaps and unmaps no memory:
// those calls take the address-space lock for writing, which stalls every program
// thread that page-faults meanwhile, and munmap interrupts the program's CPUs to flush
// their TLBs. The program defines mmap, mremap and munmap itself, so the runtime linked
// into it calls these (glibc's own calls go to its internal aliases), and counts them
// around snapshots: the first ones build the runtime's cache and buffers, the later
// ones of the same stacks must make no call at all.
// RUN: %clangxx -g -O1 -I%S/../../../include %s -o %t
// RUN: rm -rf %t.dir && mkdir %t.dir
// RUN: %t %t.dir 2>&1 | FileCheck %s
#include <leakscope/leakscope.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static long g_calls;

extern "C" void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  g_calls++;
  return (void *)syscall(SYS_mmap, addr, len, prot, flags, fd, off);
}

extern "C" int munmap(void *addr, size_t len) {
  g_calls++;
  return (int)syscall(SYS_munmap, addr, len);
}

extern "C" void *mremap(void *old, size_t old_len, size_t new_len, int flags, ...) {
  g_calls++;
  void *new_addr = nullptr;
  if (flags & MREMAP_FIXED) {
    va_list ap;
    va_start(ap, flags);
    new_addr = va_arg(ap, void *);
    va_end(ap);
  }
  return (void *)syscall(SYS_mremap, old, old_len, new_len, flags, new_addr);
}

void *volatile keep[1000];

template <int N>
__attribute__((noinline)) void AllocateFrom() {
  for (int i = 0; i < 10; i++) keep[N * 10 + i] = malloc(16 + N);
}

template <int... N>
void AllocateAll(int) {
  (AllocateFrom<N>(), ...);
}

int main(int argc, char **argv) {
  char path[4096];
  // stdout's buffer is allocated by the first printf: before the first round, so the
  // second round sees no new stack (with full stacks, printf's own is one).
  printf("start\n");
  // One call site for both rounds: the same stacks, with counters that change.
  for (int round = 0; round < 2; round++) {
    AllocateAll<0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15>(0);
    long before = g_calls;
    for (int k = 0; k < 5; k++) {
      snprintf(path, sizeof path, "%s/%d.%d.pb.gz", argv[1], round, k);
      if (__leakscope_write_snapshot(path)) return 1;
    }
    long calls = g_calls - before;
    if (round == 0) printf("first snapshots mapped memory: %s\n", calls ? "yes" : "no");
    else printf("warm snapshots: %ld mmap/mremap/munmap calls\n", calls);
    for (int i = 0; i < 160; i++) free(keep[i]);
  }
  return 0;
}
// CHECK: start
// CHECK: first snapshots mapped memory: yes
// CHECK: warm snapshots: 0 mmap/mremap/munmap calls

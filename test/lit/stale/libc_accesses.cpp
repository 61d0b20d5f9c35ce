// Accesses made by libc for the program count: blocks filled again and again by fread,
// pread and recv, or copied into by memcpy through a pointer the pass cannot see
// through (a call from uninstrumented code looks the same), stay fresh; so do blocks only
// read by libc: the source of such a memcpy, both sides of memcmp and strcmp; a block filled
// once by fread goes stale. Blocks allocated by uninstrumented code (libc's FILE
// buffers) are left out of the report rather than called stale.
// RUN: %clangxx -g -O1 %s -o %t
// RUN: env LEAKSCOPE_OPTIONS=report_stale=1:stale_after_s=1:epoch_period_ms=100:verbosity=1 %t %t 2>&1 | FileCheck %s
// Built writes-only, reads do not count, by libc either: the blocks libc only read go
// stale ("written"), the ones it wrote stay fresh.
// RUN: env LEAKSCOPE_PASS_OPTIONS=track_loads=0 %clangxx -g -O1 %s -o %t.writes
// RUN: env LEAKSCOPE_OPTIONS=report_stale=1:stale_after_s=1:epoch_period_ms=100 %t.writes %t.writes 2>&1 | FileCheck %s --check-prefix=WRITES
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

char *volatile by_fread, *volatile by_pread, *volatile by_recv, *volatile by_memcpy;
char *volatile by_memcpy_source, *volatile by_memcmp, *volatile by_strcmp;
char *volatile once;
// Called through pointers: the pass sees a call, not a memory intrinsic.
void *(*volatile copy)(void *, const void *, size_t) = memcpy;
int (*volatile compare)(const void *, const void *, size_t) = memcmp;
int (*volatile compare_strings)(const char *, const char *) = strcmp;
volatile int sink;

int main(int argc, char **argv) {
  by_fread = (char *)malloc(3001);
  by_pread = (char *)malloc(3002);
  by_recv = (char *)malloc(3003);
  by_memcpy = (char *)malloc(3004);
  by_memcpy_source = (char *)calloc(1, 3005);
  by_memcmp = (char *)calloc(1, 3006);
  by_strcmp = (char *)calloc(1, 3007);
  once = (char *)malloc(1005);
  FILE *f = fopen(argv[1], "rb");
  int fd = open(argv[1], O_RDONLY);
  int sv[2];
  if (!f || fd < 0 || socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) return 2;
  if (fread(once, 1, 1005, f) != 1005) return 3;
  static char source[3004];
  for (int round = 0; round < 20; round++) {  // 2 s
    rewind(f);
    if (fread(by_fread, 1, 3001, f) != 3001) return 4;
    if (pread(fd, by_pread, 3002, 0) != 3002) return 5;
    if (send(sv[0], "ping", 4, 0) != 4 || recv(sv[1], by_recv, 3003, 0) != 4) return 6;
    copy(by_memcpy, source, sizeof source);
    static char target[3005], other[3006];
    copy(target, by_memcpy_source, sizeof target);
    sink = compare(other, by_memcmp, sizeof other) + compare_strings("", by_strcmp);
    struct timespec ts = {0, 100 * 1000 * 1000};
    nanosleep(&ts, nullptr);
  }
  return 0;
}
// CHECK-NOT: Stale memory: 300{{[1-7]}} byte
// CHECK: Stale memory: 1005 byte(s) in 1 object(s) not accessed for at least 1 s, allocated from:
// CHECK: in main {{.*}}libc_accesses.cpp:38
// CHECK-NOT: Stale memory
// CHECK: SUMMARY: LeakScope: 1005 byte(s) stale in 1 allocation(s).
// fopen's FILE (allocated inside libc) is old enough but left out:
// CHECK: LeakScope: stale report (exit): 1 record(s), 1005 byte(s) in 1 object(s) not accessed for 1 s; {{[1-9][0-9]*}} byte(s) in {{[1-9][0-9]*}} object(s) allocated by uninstrumented code left out
// WRITES-NOT: Stale memory: 300{{[1-4]}} byte
// WRITES-DAG: Stale memory: 3005 byte(s) in 1 object(s) not written for at least 1 s
// WRITES-DAG: Stale memory: 3006 byte(s) in 1 object(s) not written for at least 1 s
// WRITES-DAG: Stale memory: 3007 byte(s) in 1 object(s) not written for at least 1 s
// WRITES-DAG: Stale memory: 1005 byte(s) in 1 object(s) not written for at least 1 s
// WRITES-NOT: Stale memory: 300{{[1-4]}} byte
// WRITES: SUMMARY: LeakScope: 10023 byte(s) stale in 4 allocation(s).

// Stale memory at exit: of a cache filled once and never used again, a buffer written
// all the time and a table only read, exactly the cache is stale (reads count); a
// leaked block is a leak, never stale. The report is taken before static destructors
// (the cache is a global std::vector, emptied by its destructor). With track_loads=0
// the read-only table is stale too, and every text says "not written".
// RUN: %clangxx -g -O1 %s -o %t
// RUN: env LEAKSCOPE_OPTIONS=report_stale=1:stale_after_s=1:epoch_period_ms=100 %expect_exit 23 %t 2>&1 | FileCheck %s
// Without report_stale, no stale report (the positive control is the run above):
// RUN: env LEAKSCOPE_OPTIONS=stale_after_s=1:epoch_period_ms=100 %expect_exit 23 %t 2>&1 | FileCheck %s --check-prefix=OFF
// stale_exitcode: the exit code when nothing leaked; leaks win.
// RUN: env LEAKSCOPE_OPTIONS=report_stale=1:stale_after_s=1:epoch_period_ms=100:stale_exitcode=7 %expect_exit 7 %t noleak 2>&1 | FileCheck %s --check-prefix=NOLEAK
// RUN: env LEAKSCOPE_OPTIONS=report_stale=1:stale_after_s=1:epoch_period_ms=100:stale_exitcode=7 %expect_exit 23 %t 2>&1 | FileCheck %s
// RUN: env LEAKSCOPE_OPTIONS=report_stale=1:stale_after_s=1:epoch_period_ms=100 %expect_exit 0 %t noleak 2>&1 | FileCheck %s --check-prefix=NOLEAK
// Writes only:
// RUN: env LEAKSCOPE_PASS_OPTIONS=track_loads=0 %clangxx -g -O1 %s -o %tw
// RUN: env LEAKSCOPE_OPTIONS=report_stale=1:stale_after_s=1:epoch_period_ms=100 %expect_exit 23 %tw 2>&1 | FileCheck %s --check-prefix=WRITES
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <vector>

std::vector<std::vector<char>> cache;  // filled once, never used again
char *volatile buffer;                 // written all the time
char *volatile table;                  // filled once, then only read
void *volatile sink;

static void SleepMs(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};
  nanosleep(&ts, nullptr);
}

__attribute__((noinline)) void FillCache() {
  cache.reserve(10);
  for (int i = 0; i < 10; i++) cache.emplace_back(1000, (char)i);
}

__attribute__((noinline)) void MakeTable() {
  table = (char *)malloc(4444);
  for (int i = 0; i < 4444; i++) table[i] = (char)(i * 7);
}

__attribute__((noinline)) void Leak() {
  sink = malloc(5555);
  memset(sink, 1, 5555);
  sink = nullptr;
}

int main(int argc, char **argv) {
  FillCache();
  MakeTable();
  buffer = (char *)malloc(3333);
  if (argc < 2) Leak();
  long sum = 0;
  for (int round = 0; round < 25; round++) {  // 2.5 s
    buffer[round % 3333] = (char)round;
    sum += table[(round * 131) % 4444];
    SleepMs(100);
  }
  return sum == 12345678 ? 1 : 0;
}
// CHECK: ==WARNING: LeakScope: detected stale memory (reachable, not accessed for at least 1 s)
// CHECK-NOT: Stale memory: {{(3333|4444|5555)}} byte
// CHECK: Stale memory: 10000 byte(s) in 10 object(s) not accessed for at least 1 s, allocated from:
// CHECK-NEXT: type: char
// CHECK-NEXT: last accessed {{[12]}} s ago
// CHECK-NEXT: kept alive by: global cache (cache_buffer_table.cpp.tmp) -> std::vector<char, std::allocator<char> >+{{[0-9]+}}{{$}}
// CHECK: in FillCache() {{.*}}cache_buffer_table.cpp:35
// CHECK-NOT: Stale memory: {{(3333|4444|5555)}} byte
// CHECK: Stale memory: 240 byte(s) in 1 object(s) not accessed for at least 1 s, allocated from:
// CHECK: kept alive by: global cache (cache_buffer_table.cpp.tmp){{$}}
// CHECK: in FillCache() {{.*}}cache_buffer_table.cpp:34
// CHECK-NOT: Stale memory
// CHECK: SUMMARY: LeakScope: 10240 byte(s) stale in 11 allocation(s).
// The leak check comes after, and finds the leak.
// CHECK: ERROR: LeakScope: detected memory leaks
// CHECK: Direct leak of 5555 byte(s) in 1 object(s)

// OFF-NOT: Stale memory
// OFF: Direct leak of 5555 byte(s)
// OFF-NOT: Stale memory

// NOLEAK: Stale memory: 10000 byte(s) in 10 object(s)
// NOLEAK: SUMMARY: LeakScope: 10240 byte(s) stale in 11 allocation(s).
// NOLEAK-NOT: leak

// WRITES: detected stale memory (reachable, not written for at least 1 s)
// WRITES: Stale memory: 10000 byte(s) in 10 object(s) not written for at least 1 s, allocated from:
// WRITES: last written {{[12]}} s ago
// WRITES: Stale memory: 4444 byte(s) in 1 object(s) not written for at least 1 s, allocated from:
// WRITES: in MakeTable()
// WRITES: Stale memory: 240 byte(s) in 1 object(s) not written
// WRITES: SUMMARY: LeakScope: 14684 byte(s) stale in 12 allocation(s).

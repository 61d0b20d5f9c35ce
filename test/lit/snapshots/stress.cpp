// Stress: 8 threads allocate and free while 1,000 SIGUSR1 arrive (each thread raises
// 125 on itself between allocations, so every signal is delivered once: the kernel
// never merges them). No deadlock, no crash; every request is served by a file or
// reported as coalesced; every file decodes; counters only grow from file to file;
// and the exit snapshot's counts are exact.
// RUN: %clangxx -g -O1 -pthread %s -o %t
// RUN: rm -rf %t.dir && mkdir %t.dir
// RUN: env LEAKSCOPE_OPTIONS=snapshot_path=%t.dir/s.%%n.pb.gz:snapshot_at_exit=1:leak_check_at_exit=0 %t > %t.log 2>&1
// RUN: python3 %S/Inputs/check_stress.py %t.log %t.dir 1000 | FileCheck %s
// RUN: %S/Inputs/pprof.sh %t.go -raw %t.dir/s.1.pb.gz | FileCheck %s --check-prefix=RAW
// Process-directed signals (kill) land in any thread, also inside malloc and free; the
// kernel merges a signal sent while one is pending, so at most 1,000 are delivered.
// RUN: rm -rf %t.dir && mkdir %t.dir
// RUN: env LEAKSCOPE_OPTIONS=snapshot_path=%t.dir/s.%%n.pb.gz:snapshot_at_exit=1:leak_check_at_exit=0 %t kill > %t.log 2>&1
// RUN: python3 %S/Inputs/check_stress.py %t.log %t.dir -1000 | FileCheck %s
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

constexpr int kThreads = 8, kIterations = 200000, kRaises = 125, kRing = 64;

bool raising;  // each worker raises its share of the 1,000 signals

template <int I>
__attribute__((noinline)) void *StressWorker(void *) {
  void *ring[kRing] = {};
  for (int i = 0; i < kIterations; i++) {
    void *&slot = ring[i % kRing];
    free(slot);
    slot = malloc(32 * (I + 1));
    if (i % (kIterations / kRaises) == 0) {
      if (raising) raise(SIGUSR1);
      usleep(8000);
    }
  }
  // Keep the last kRing blocks live for the exit snapshot.
  void **keep = (void **)malloc(sizeof(ring));
  for (int k = 0; k < kRing; k++) keep[k] = ring[k];
  return keep;
}

void *(*const kWorkers[kThreads])(void *) = {StressWorker<0>, StressWorker<1>, StressWorker<2>,
                                             StressWorker<3>, StressWorker<4>, StressWorker<5>,
                                             StressWorker<6>, StressWorker<7>};
void *volatile results[kThreads];

int main(int argc, char **argv) {
  pthread_t t[kThreads];
  raising = argc < 2;
  for (int i = 0; i < kThreads; i++) pthread_create(&t[i], nullptr, kWorkers[i], nullptr);
  if (!raising) {
    for (int i = 0; i < 1000; i++) {
      kill(getpid(), SIGUSR1);
      usleep(1000);
    }
  }
  for (int i = 0; i < kThreads; i++) pthread_join(t[i], (void **)&results[i]);
  return 0;
}
// CHECK: requests: {{[1-9][0-9]*}}
// CHECK: files decoded: {{[1-9][0-9]*}}
// CHECK: StressWorker<0>: alloc_objects=200000 inuse_objects=64 inuse_space=2048
// CHECK: StressWorker<7>: alloc_objects=200000 inuse_objects=64 inuse_space=16384
// CHECK: OK

// RAW: alloc_objects/count alloc_space/bytes stale_objects/count stale_space/bytes inuse_objects/count inuse_space/bytes[dflt]

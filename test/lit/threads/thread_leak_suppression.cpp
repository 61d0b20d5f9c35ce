// Thread leaks follow leak: suppressions, matched against the frames of the creation
// stack and of the blocked thread's own stack: a suppressed record is not reported and
// counts in the "Suppressions used" table (threads, held bytes); with every thread leak
// suppressed the program exits 0. The unsuppressed run is the positive control.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s --check-prefix=PLAIN
// RUN: printf 'leak:StartIdleWorker\n' > %t.created
// RUN: env LEAKSCOPE_OPTIONS=suppressions=%t.created %expect_exit 0 %t 2>&1 | FileCheck %s
// RUN: printf 'leak:IdleLoop\n' > %t.own
// RUN: env LEAKSCOPE_OPTIONS=suppressions=%t.own %expect_exit 0 %t 2>&1 | FileCheck %s --check-prefix=OWN
#include <stdlib.h>
#include <unistd.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "Inputs/wait_blocked.h"

struct Idle {
  std::mutex mu;
  std::condition_variable cv;
};

static int started;

__attribute__((noinline)) static void IdleLoop(Idle *idle, void *buffer) {
  std::unique_lock<std::mutex> l(idle->mu);
  __atomic_store_n(&started, 1, __ATOMIC_RELEASE);
  idle->cv.wait(l);
}

__attribute__((noinline)) static void StartIdleWorker() {
  std::thread(IdleLoop, new Idle, malloc(3000)).detach();
}

int main() {
  StartIdleWorker();
  while (!__atomic_load_n(&started, __ATOMIC_ACQUIRE)) usleep(1000);
  WaitUntilOthersBlocked();  // every thread is in its wait
  return 0;
}
// PLAIN: Thread leak: thread {{[0-9]+}} blocked in IdleLoop(Idle*, void*)
// PLAIN: SUMMARY: LeakScope: 1 leaked thread(s)
// CHECK-NOT: Thread leak
// CHECK: Suppressions used:
// CHECK-NEXT: count bytes template
// CHECK-NEXT: 1 3{{[0-9][0-9][0-9]}} StartIdleWorker
// CHECK-NOT: Thread leak
// CHECK-NOT: SUMMARY
// OWN-NOT: Thread leak
// OWN: 1 3{{[0-9][0-9][0-9]}} IdleLoop

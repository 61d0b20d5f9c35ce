// Threads blocked on a file descriptor, asleep or in a timed wait are never thread
// leaks, whatever they reach: memory reachability cannot tell whether data or a timer
// will come. Here a thread blocks in read() on a pipe, another sleeps, a third waits
// with a timeout on a condition variable only it reaches, each holding the only pointer
// to its own heap object; verbosity=1 lists what they wait on. The positive control in
// the same run is a thread leaked on an unreachable condition variable.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: env LEAKSCOPE_OPTIONS=verbosity=1 %expect_exit 23 %t 2>&1 | FileCheck %s
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "Inputs/wait_blocked.h"

static int pipe_fds[2];
static int started;

struct Box {
  std::mutex mu;
  std::condition_variable cv;
};

int main() {
  pipe(pipe_fds);
  std::thread([] {
    char *buf = new char[64];
    fprintf(stderr, "reader %ld fd %d\n", (long)syscall(SYS_gettid), pipe_fds[0]);
    __atomic_add_fetch(&started, 1, __ATOMIC_RELEASE);
    read(pipe_fds[0], buf, 64);
  }).detach();
  std::thread([] {
    char *buf = new char[64];
    fprintf(stderr, "sleeper %ld\n", (long)syscall(SYS_gettid));
    __atomic_add_fetch(&started, 1, __ATOMIC_RELEASE);
    for (;;) sleep(100);
  }).detach();
  std::thread([] {
    Box *b = new Box;
    std::unique_lock<std::mutex> l(b->mu);
    fprintf(stderr, "timed %ld\n", (long)syscall(SYS_gettid));
    __atomic_add_fetch(&started, 1, __ATOMIC_RELEASE);
    for (;;) b->cv.wait_for(l, std::chrono::seconds(100));
  }).detach();
  std::thread([] {
    Box *b = new Box;
    std::unique_lock<std::mutex> l(b->mu);
    fprintf(stderr, "leaked %ld\n", (long)syscall(SYS_gettid));
    __atomic_add_fetch(&started, 1, __ATOMIC_RELEASE);
    b->cv.wait(l);
  }).detach();
  while (__atomic_load_n(&started, __ATOMIC_ACQUIRE) < 4) usleep(1000);
  WaitUntilOthersBlocked();  // every thread is in its wait
  return 0;
}
// CHECK-DAG: reader [[READER:[0-9]+]] fd [[FD:[0-9]+]]
// CHECK-DAG: sleeper [[SLEEPER:[0-9]+]]
// CHECK-DAG: timed [[TIMED:[0-9]+]]
// CHECK-DAG: leaked [[LEAKED:[0-9]+]]
// CHECK-DAG: LeakScope: thread [[READER]] waits in read(0x[[FD]], 0x{{[0-9a-f]+}}, 0x40): not judged (a file descriptor, a timer or a signal may wake it)
// CHECK-DAG: LeakScope: thread [[SLEEPER]] is in a sleep or a timed wait: not judged (a timer wakes it)
// CHECK-DAG: LeakScope: thread [[TIMED]] is in a sleep or a timed wait: not judged (a timer wakes it)
// CHECK-NOT: Direct leak
// CHECK: Thread leak: thread [[LEAKED]] blocked in
// CHECK-NOT: Thread leak
// CHECK: SUMMARY: LeakScope: 1 leaked thread(s) holding {{[0-9]+}} byte(s).

// A thread waits on a std::future whose promise the program dropped without setting it
// (the promise object itself leaks): the thread is leaked, and the promise is an
// ordinary direct leak, reported as before. The positive control waits on a future
// whose promise a global still holds: someone could set it, so it is not reported.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: env LEAKSCOPE_OPTIONS=verbosity=1 %expect_exit 23 %t 2>&1 | FileCheck %s
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <future>
#include <thread>

#include "Inputs/wait_blocked.h"

static std::promise<int> *g_kept;  // reachable: its future's waiter is not leaked
static int started;

static void Wait(std::future<int> f, const char *who) {
  fprintf(stderr, "%s %ld\n", who, (long)syscall(SYS_gettid));
  __atomic_add_fetch(&started, 1, __ATOMIC_RELEASE);
  f.wait();
}

__attribute__((noinline)) static void StartDropped() {
  std::promise<int> *p = new std::promise<int>;
  std::thread(Wait, p->get_future(), "dropped").detach();
  p = nullptr;  // never set, never destroyed
}

int main() {
  StartDropped();
  while (__atomic_load_n(&started, __ATOMIC_ACQUIRE) < 1) usleep(1000);
  g_kept = new std::promise<int>;
  std::thread(Wait, g_kept->get_future(), "kept").detach();
  while (__atomic_load_n(&started, __ATOMIC_ACQUIRE) < 2) usleep(1000);
  WaitUntilOthersBlocked();  // every thread is in its wait
  return 0;
}
// CHECK-DAG: dropped [[DROPPED:[0-9]+]]
// CHECK-DAG: kept [[KEPT:[0-9]+]]
// CHECK: LeakScope: thread [[KEPT]] waits on futex word 0x{{[0-9a-f]+}} in memory a running thread reaches: not leaked
// CHECK: Direct leak of {{[0-9]+}} byte(s) in 1 object(s) allocated from:
// CHECK: in StartDropped() {{.*}}thread_leak_future.cpp
// CHECK: SUMMARY: LeakScope: {{[0-9]+}} byte(s) leaked in {{[0-9]+}} allocation(s).
// CHECK: Thread leak: thread [[DROPPED]] blocked in Wait(std::future<int>, char const*) {{.*}}thread_leak_future.cpp:22 on an object no running thread can reach, created at:
// CHECK: in StartDropped() {{.*}}thread_leak_future.cpp:27
// CHECK: holds {{[0-9]+}} byte(s) in {{[0-9]+}} object(s) that only it can reach
// CHECK-NOT: Thread leak: thread [[KEPT]]
// CHECK: SUMMARY: LeakScope: 1 leaked thread(s) holding {{[0-9]+}} byte(s).

// Two threads and one unreachable object: the first locks the object's mutex `held` and
// then waits on its condition variable forever (with another mutex: the wait releases
// only that one); the second blocks on `held`, which the first never unlocks. Neither can be woken (only they reach the object), so both are leaked: two
// records, one per creation stack. The positive control: the same pair on an object a
// global points to is not reported.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: env LEAKSCOPE_OPTIONS=verbosity=1 %expect_exit 23 %t 2>&1 | FileCheck %s
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "Inputs/wait_blocked.h"

struct Shared {
  std::mutex held;
  std::mutex mu;
  std::condition_variable cv;
  int locked = 0;
};

static Shared *g_kept;
static int started;

static void Holder(Shared *s, const char *who) {
  std::lock_guard<std::mutex> h(s->held);
  std::unique_lock<std::mutex> l(s->mu);
  fprintf(stderr, "%s holder %ld\n", who, (long)syscall(SYS_gettid));
  __atomic_store_n(&s->locked, 1, __ATOMIC_RELEASE);
  s->cv.wait(l, [] { return false; });
}

static void Contender(Shared *s, const char *who) {
  while (!__atomic_load_n(&s->locked, __ATOMIC_ACQUIRE)) usleep(1000);
  fprintf(stderr, "%s contender %ld\n", who, (long)syscall(SYS_gettid));
  __atomic_add_fetch(&started, 1, __ATOMIC_RELEASE);
  std::lock_guard<std::mutex> g(s->held);  // blocks: the holder never unlocks it
}

__attribute__((noinline)) static void StartPair(Shared *s, const char *who) {
  std::thread(Holder, s, who).detach();
  std::thread(Contender, s, who).detach();
}

int main() {
  StartPair(new Shared, "lost");
  g_kept = new Shared;
  StartPair(g_kept, "kept");
  while (__atomic_load_n(&started, __ATOMIC_ACQUIRE) < 2) usleep(1000);
  WaitUntilOthersBlocked();  // every thread is in its wait
  return 0;
}
// CHECK-DAG: lost holder [[HOLDER:[0-9]+]]
// CHECK-DAG: lost contender [[CONTENDER:[0-9]+]]
// CHECK-DAG: kept holder [[KHOLDER:[0-9]+]]
// CHECK-DAG: kept contender [[KCONTENDER:[0-9]+]]
// CHECK-DAG: LeakScope: thread [[KHOLDER]] waits on futex word {{.*}} in memory a running thread reaches: not leaked
// CHECK-DAG: LeakScope: thread [[KCONTENDER]] waits on futex word {{.*}} in memory a running thread reaches: not leaked
// CHECK-NOT: Direct leak
// CHECK-DAG: Thread leak: thread [[HOLDER]] blocked in Holder(Shared*, char const*) {{.*}}thread_leak_mutex_chain.cpp:33 on an object no running thread can reach, created at:
// CHECK-DAG: Thread leak: thread [[CONTENDER]] blocked in Contender(Shared*, char const*) {{.*}}thread_leak_mutex_chain.cpp:40 on an object no running thread can reach, created at:
// CHECK-NOT: Thread leak: thread [[KHOLDER]]
// CHECK-NOT: Thread leak: thread [[KCONTENDER]]
// CHECK: SUMMARY: LeakScope: 2 leaked thread(s) holding {{[0-9]+}} byte(s).

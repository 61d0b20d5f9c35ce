// A thread just entering or leaving a wait is never a thread leak. Pairs of threads
// hand a turn back and forth through a condition variable, a semaphore pair and a
// contended mutex, each in a heap object that only the pair reaches (main drops its
// pointer), so at most moments one of them is in a futex wait and the other is on its
// way in or out. 1,000 recoverable checks while they run: none reports anything. The
// positive control at the end: a thread leaked on purpose is reported by the next check.
// RUN: %clangxx -g -O1 %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s
#include <semaphore.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include <condition_variable>
#include <mutex>
#include <thread>

extern "C" int __lsan_do_recoverable_leak_check();

static long g_rounds;  // progress of every pair (not a pointer)

struct CondPair {
  std::mutex mu;
  std::condition_variable cv;
  int turn = 0;
};

static void CondPlayer(CondPair *p, int me) {
  for (;;) {
    std::unique_lock<std::mutex> l(p->mu);
    p->cv.wait(l, [&] { return p->turn == me; });
    p->turn = 1 - me;
    __atomic_add_fetch(&g_rounds, 1, __ATOMIC_RELAXED);
    p->cv.notify_all();
  }
}

struct SemPair {
  sem_t sem[2];
};

static void SemPlayer(SemPair *p, int me) {
  for (;;) {
    sem_wait(&p->sem[me]);
    __atomic_add_fetch(&g_rounds, 1, __ATOMIC_RELAXED);
    sem_post(&p->sem[1 - me]);
  }
}

struct Contended {
  std::mutex mu;
  long n = 0;
};

static void Locker(Contended *c) {
  for (;;) {
    std::lock_guard<std::mutex> l(c->mu);
    c->n++;
    if ((c->n & 1023) == 0) __atomic_add_fetch(&g_rounds, 1, __ATOMIC_RELAXED);
  }
}

__attribute__((noinline)) static void StartPairs() {
  for (int i = 0; i < 2; i++) {
    CondPair *p = new CondPair;
    std::thread(CondPlayer, p, 0).detach();
    std::thread(CondPlayer, p, 1).detach();
  }
  SemPair *s = new SemPair;
  sem_init(&s->sem[0], 0, 1);
  sem_init(&s->sem[1], 0, 0);
  std::thread(SemPlayer, s, 0).detach();
  std::thread(SemPlayer, s, 1).detach();
  Contended *c = new Contended;
  std::thread(Locker, c).detach();
  std::thread(Locker, c).detach();
}

struct Orphan {
  std::mutex mu;
  std::condition_variable cv;
};

__attribute__((noinline)) static void LeakOne() {
  std::thread([](Orphan *o) {
    std::unique_lock<std::mutex> l(o->mu);
    o->cv.wait(l);
  }, new Orphan).detach();
}

int main() {
  StartPairs();
  timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  int reports = 0;
  long before = __atomic_load_n(&g_rounds, __ATOMIC_RELAXED);
  for (int i = 0; i < 1000; i++) {
    reports += __lsan_do_recoverable_leak_check();
    usleep(i % 7 * 100);  // checks at varying phases of the hand-offs
  }
  long rounds = __atomic_load_n(&g_rounds, __ATOMIC_RELAXED) - before;
  timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
  fprintf(stderr, "1000 checks: %d reported leaks, %s, %.1f s\n", reports,
          rounds > 1000 ? "the pairs kept handing over" : "the pairs stalled", s);
  fprintf(stderr, "control\n");
  LeakOne();
  int control = 0;  // the leaked thread is found once it is in its wait
  for (int i = 0; i < 1000 && !control; i++) {
    usleep(10000);
    control = __lsan_do_recoverable_leak_check();
  }
  fprintf(stderr, "control check: %d\n", control);
  return 0;
}
// CHECK-NOT: Thread leak
// CHECK-NOT: leak of
// CHECK: 1000 checks: 0 reported leaks, the pairs kept handing over, {{[0-9]+\.[0-9]}} s
// CHECK: control
// CHECK: Thread leak: thread {{[0-9]+}} blocked in {{.*}}thread_leak_stress.cpp
// CHECK: SUMMARY: LeakScope: 1 leaked thread(s)
// CHECK: control check: 1

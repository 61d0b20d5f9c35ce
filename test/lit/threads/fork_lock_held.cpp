// fork() while another thread holds a runtime lock, for every lock of the inventory
// (rt/base/locks.h, walked through the test hooks so a new lock is covered here
// without a new line): fork waits for the lock (the prepare handler takes every lock
// in order), and the child can then allocate (small, large, from a new stack), ask for
// the stop signal's action, register a root region, advance the epoch, write a
// snapshot, run a leak check that symbolizes a report, and exit through the at-exit
// snapshot path. A child stuck on an inherited lock is killed by its alarm and the
// test fails. Behind a lock held long (a Mutex: a check reporting, a snapshot, the
// symbolizer), fork waits asleep: the forking thread uses little CPU while it waits.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: env LEAKSCOPE_OPTIONS=leak_check_at_exit=0 %t %t.dir 2>&1 | FileCheck %s
// CHECK: held kSnapshotServe: fork waited asleep, child ok
// CHECK: held kSnapshot: fork waited asleep, child ok
// CHECK: held kLeakCheck: fork waited asleep, child ok
// CHECK: held kThreadRegistry: fork waited asleep, child ok
// CHECK: held kRootRegions: fork waited, child ok
// CHECK: held kSignalChain: fork waited, child ok
// CHECK: held kHtmlReport: fork waited asleep, child ok
// CHECK: held kSymbolizer: fork waited asleep, child ok
// CHECK: held kAllocatorClass: fork waited, child ok
// CHECK: held kAllocatorLarge: fork waited, child ok
// CHECK: held kDepotSites: fork waited, child ok
// CHECK: held kShadowEpoch: fork waited asleep, child ok
// CHECK: held kInternalAlloc: fork waited, child ok
// CHECK-NOT: FAIL
// CHECK: all {{[0-9]+}} lock ranks held across fork: ok
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern "C" int __leakscope_test_lock(const char *name);
extern "C" int __leakscope_test_unlock(const char *name);
extern "C" const char *__leakscope_test_lock_name(unsigned i);
extern "C" int __leakscope_test_lock_blocking(unsigned i);
extern "C" int __leakscope_write_snapshot(const char *path);
extern "C" int __lsan_do_recoverable_leak_check(void);
extern "C" void __lsan_register_root_region(const void *p, size_t size);
extern "C" unsigned __leakscope_epoch_advance(void);

static const long kHoldMs = 200;
static const char *g_name;
static volatile int g_locked, g_go;


static double ClockMs(clockid_t c) {
  timespec ts;
  clock_gettime(c, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}
static double NowMs() { return ClockMs(CLOCK_MONOTONIC); }

static void *Holder(void *) {
  // Not before pthread_create has returned in main: its interceptor takes the registry
  // lock after the thread started, and would do the waiting that fork should do.
  while (!__atomic_load_n(&g_go, __ATOMIC_ACQUIRE)) usleep(100);
  if (__leakscope_test_lock(g_name) != 0) {
    __atomic_store_n(&g_locked, -1, __ATOMIC_RELEASE);
    return nullptr;
  }
  __atomic_store_n(&g_locked, 1, __ATOMIC_RELEASE);
  // No allocation, no other lock while holding it; the whole hold even if a signal
  // ends a sleep early.
  for (double start = NowMs(), left; (left = kHoldMs - (NowMs() - start)) > 0;) {
    timespec ts = {0, (long)(left * 1e6)};
    nanosleep(&ts, nullptr);
  }
  __leakscope_test_unlock(g_name);
  return nullptr;
}

// A new stack on every call depth: the depot creates an entry and copies its site.
__attribute__((noinline)) static void *AllocAtDepth(int depth) {
  if (depth > 0) {
    void *p = AllocAtDepth(depth - 1);
    __asm__ volatile("" ::: "memory");
    return p;
  }
  return malloc(48);
}

__attribute__((noinline)) static void ChildLeak() {
  void *volatile p = malloc(777);
  p = nullptr;
}

static int Child(const char *dir, int round) {
  alarm(20);
  void *small[4000];
  for (int i = 0; i < 4000; i++) small[i] = malloc(32);  // refills from the central list
  for (int i = 0; i < 4000; i++) free(small[i]);
  free(malloc(1 << 20));  // the large region
  free(AllocAtDepth(round + 3));
  struct sigaction old;
  sigaction(SIGURG, nullptr, &old);  // the stop signal's chained action
  static char region[64];
  __lsan_register_root_region(region, sizeof(region));
  __leakscope_epoch_advance();
  char path[4096];
  snprintf(path, sizeof(path), "%s/child.%d.pb.gz", dir, round);
  if (__leakscope_write_snapshot(path) != 0) return 2;
  ChildLeak();
  if (__lsan_do_recoverable_leak_check() != 1) return 3;  // and its report is symbolized
  pthread_t t;
  if (pthread_create(&t, nullptr, [](void *) -> void * { return malloc(5); }, nullptr)) return 4;
  void *r;
  pthread_join(t, &r);
  free(r);
  return 0;
}

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : ".";
  printf("start\n");
  fflush(stdout);
  unsigned n = 0, failed = 0;
  for (; (g_name = __leakscope_test_lock_name(n)); n++) {
    g_locked = 0;
    g_go = 0;
    pthread_t t;
    pthread_create(&t, nullptr, Holder, nullptr);
    __atomic_store_n(&g_go, 1, __ATOMIC_RELEASE);
    while (!__atomic_load_n(&g_locked, __ATOMIC_ACQUIRE)) usleep(100);
    double t0 = NowMs(), cpu0 = ClockMs(CLOCK_THREAD_CPUTIME_ID);
    pid_t pid = fork();
    if (pid == 0) exit(Child(dir, (int)n));  // exit(): the at-exit snapshot path too
    double waited = NowMs() - t0, cpu = ClockMs(CLOCK_THREAD_CPUTIME_ID) - cpu0;
    bool blocking = __leakscope_test_lock_blocking(n) == 1;
    pthread_join(t, nullptr);
    int status = 0;
    waitpid(pid, &status, 0);
    bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (g_locked < 0 || waited < kHoldMs / 2 || !ok || (blocking && cpu > waited / 2)) {
      failed++;
      printf("FAIL %s: locked %d, fork waited %.0f ms using %.0f ms of CPU, child %s %d\n", g_name,
             g_locked, waited, cpu, WIFEXITED(status) ? "exited" : "killed by signal",
             WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
    } else {
      printf("held %s: fork waited%s, child ok\n", g_name, blocking ? " asleep" : "");
    }
    fflush(stdout);
  }
  if (!failed) printf("all %u lock ranks held across fork: ok\n", n);
  return failed != 0;
}

// A snapshot request never interrupts the program: the signal is blocked in the
// program's threads and taken by the runtime's own snapshot thread, so a program
// sleeping 2 s (sleep(), and poll() in a second thread) that receives SIGUSR1 several
// times sleeps the whole time (sleep returns 0, poll returns 0, never EINTR) and the
// snapshots are written. The program cannot unblock the signal by accident
// (pthread_sigmask SIG_SETMASK of an empty set), yet sees the mask it set; a program it
// runs (system) starts with the signal unblocked.
// RUN: %clangxx -g -O1 -pthread %s -o %t
// RUN: rm -rf %t.dir && mkdir %t.dir && cd %t.dir
// RUN: rm -f %t.out
// RUN: %t > %t.out 2>&1 & pid=$!; for i in $(seq 500); do grep -q ready %t.out && break; sleep 0.02; done; for i in 1 2 3 4; do kill -USR1 $pid; sleep 0.25; done; wait $pid
// RUN: FileCheck %s < %t.out
// RUN: ls %t.dir | grep -c 'leakscope\..*\.pb\.gz' | FileCheck %s --check-prefix=FILES
// The same with the runtime preloaded into a program built without LeakScope.
// RUN: %plain_clangxx -g -O1 -pthread %s -o %t.plain
// RUN: rm -rf %t.dir && mkdir %t.dir && cd %t.dir
// (%t.out is removed first: the shell truncates it only when the background job starts,
// and an earlier run's "ready" must not be taken for this one's.)
// RUN: rm -f %t.out
// RUN: env LD_PRELOAD=%rt_so %t.plain > %t.out 2>&1 & pid=$!; for i in $(seq 500); do grep -q ready %t.out && break; sleep 0.02; done; for i in 1 2 3 4; do kill -USR1 $pid; sleep 0.25; done; wait $pid
// RUN: FileCheck %s < %t.out
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void *volatile keep;

static double Now() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *Poller(void *) {
  double t0 = Now();
  int r = poll(nullptr, 0, 2000);
  printf("poll returned %d (%s) after %s\n", r, r < 0 ? strerror(errno) : "no error",
         Now() - t0 >= 1.95 ? "the full time" : "too short");
  return nullptr;
}

int main() {
  keep = malloc(1234);
  sigset_t none, cur;
  sigemptyset(&none);
  pthread_sigmask(SIG_SETMASK, &none, nullptr);
  pthread_sigmask(SIG_SETMASK, nullptr, &cur);
  printf("program sees SIGUSR1 %s\n", sigismember(&cur, SIGUSR1) ? "blocked" : "unblocked");
  fflush(stdout);
  unsetenv("LD_PRELOAD");  // the child runs without the runtime (a preloaded one blocks it itself)
  system("grep SigBlk /proc/self/status");
  pthread_t t;
  pthread_create(&t, nullptr, Poller, nullptr);
  puts("ready");
  fflush(stdout);
  double t0 = Now();
  unsigned left = sleep(2);
  printf("sleep returned %u after %s\n", left, Now() - t0 >= 1.95 ? "the full time" : "too short");
  pthread_join(t, nullptr);
  return 0;
}
// CHECK: program sees SIGUSR1 unblocked
// CHECK: SigBlk: 0000000000000000
// CHECK: ready
// CHECK-DAG: LeakScope: wrote heap snapshot leakscope.{{[0-9]+}}.1.pb.gz
// CHECK-DAG: sleep returned 0 after the full time
// CHECK-DAG: poll returned 0 (no error) after the full time
// FILES: {{^[1-4]$}}

// A thread that blocks the stop signal cannot be stopped: the check notices (its
// /proc status shows the signal blocked), warns once, and scans that thread's whole
// stack while it runs, so what it holds on its stack stays reachable. The check does
// not hang, and the late signal is ignored when the thread unblocks it.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %t 2>&1 | FileCheck %s
// RUN: %t unblock 2>&1 | FileCheck %s --check-prefixes=CHECK,UNBLOCK
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

// The LeakSanitizer API LeakScope implements (clang 22 here ships no sanitizer headers).
extern "C" void __lsan_do_leak_check();
extern "C" int __lsan_do_recoverable_leak_check();

static int ready;
static volatile int unblock;

__attribute__((noinline)) static void Hold() {
  void *volatile on_stack = malloc(2101);
  (void)on_stack;
  __atomic_add_fetch(&ready, 1, __ATOMIC_RELEASE);
  while (!unblock) usleep(1000);
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, SIGURG);
  pthread_sigmask(SIG_UNBLOCK, &s, nullptr);  // the pending stop signal arrives now
  __atomic_add_fetch(&ready, 1, __ATOMIC_RELEASE);
  for (;;) pause();
}

static void *Worker(void *) {
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, SIGURG);
  pthread_sigmask(SIG_BLOCK, &s, nullptr);
  Hold();
  return nullptr;
}

int main(int argc, char **argv) {
  pthread_t t;
  pthread_create(&t, nullptr, Worker, nullptr);
  while (__atomic_load_n(&ready, __ATOMIC_ACQUIRE) < 1) usleep(1000);
  fprintf(stderr, "first check: %d\n", __lsan_do_recoverable_leak_check());
  if (argc > 1) {
    unblock = 1;
    while (__atomic_load_n(&ready, __ATOMIC_ACQUIRE) < 2) usleep(1000);
    fprintf(stderr, "after unblock: %d\n", __lsan_do_recoverable_leak_check());
  }
  exit(0);
}
// CHECK: LeakScope: thread {{[0-9]+}} blocks signal 23 (stop_signal); the leak check scans its whole stack while it runs, and not its registers
// CHECK-NEXT: first check: 0
// CHECK-NOT: blocks signal
// UNBLOCK: after unblock: 0
// CHECK-NOT: leak

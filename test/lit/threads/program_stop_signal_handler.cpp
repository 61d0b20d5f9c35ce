// The program may use the stop signal itself: sigaction() and signal() for it record
// the program's handler, which receives every SIGURG that is not a stop request, and
// the leak check still stops threads. sigaction() reports the program's handler back.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile int handled;
static int ready;

static void OnUrg(int) { handled++; }

__attribute__((noinline)) static void Hold() {
  void *volatile on_stack = malloc(1301);
  (void)on_stack;
  __atomic_add_fetch(&ready, 1, __ATOMIC_RELEASE);
  for (;;) pause();
}

static void *Worker(void *) {
  Hold();
  return nullptr;
}

int main() {
  struct sigaction sa, old;
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = OnUrg;
  sigaction(SIGURG, &sa, nullptr);
  sigaction(SIGURG, nullptr, &old);
  fprintf(stderr, "reported back: %d\n", old.sa_handler == OnUrg);
  raise(SIGURG);
  pthread_t t;
  pthread_create(&t, nullptr, Worker, nullptr);
  while (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) usleep(1000);
  pthread_kill(t, SIGURG);
  while (handled < 2) usleep(1000);
  fprintf(stderr, "program handler ran %d times\n", handled);
  signal(SIGURG, SIG_IGN);
  raise(SIGURG);  // ignored, as the program asked
  void *volatile p = malloc(1302);
  p = nullptr;
  exit(0);
}
// CHECK: reported back: 1
// CHECK: program handler ran 2 times
// CHECK-NOT: 1301 byte
// CHECK: Direct leak of 1302 byte(s) in 1 object(s)
// CHECK-NOT: 1301 byte
// CHECK: SUMMARY: LeakScope: 1302 byte(s) leaked in 1 allocation(s).

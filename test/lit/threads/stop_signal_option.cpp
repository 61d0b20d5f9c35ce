// stop_signal selects the signal that stops threads; one that cannot be caught is a
// one-line error.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: env LEAKSCOPE_OPTIONS=stop_signal=12 %expect_exit 23 %t 2>&1 | FileCheck %s
// RUN: env LEAKSCOPE_OPTIONS=stop_signal=9 %expect_exit 1 %t 2>&1 | FileCheck %s --check-prefix=BAD
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

static volatile int ready;

__attribute__((noinline)) static void Hold() {
  void *volatile on_stack = malloc(1401);
  (void)on_stack;
  ready = 1;
  for (;;) pause();
}

static void *Worker(void *) {
  Hold();
  return nullptr;
}

int main() {
  pthread_t t;
  pthread_create(&t, nullptr, Worker, nullptr);
  while (!ready) usleep(1000);
  void *volatile p = malloc(1402);
  p = nullptr;
  exit(0);
}
// CHECK-NOT: 1401 byte
// CHECK: Direct leak of 1402 byte(s) in 1 object(s)
// CHECK-NOT: 1401 byte
// BAD: LeakScope: stop_signal=9 cannot be used to stop threads

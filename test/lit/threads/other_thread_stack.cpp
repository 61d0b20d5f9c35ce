// A block whose only pointer is on another live thread's stack is reachable: the
// thread is stopped by the stop signal and its stack scanned from its SP. With
// use_stacks=0 the same block is a leak.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %t 2>&1 | FileCheck %s --check-prefix=LIVE --allow-empty
// RUN: env LEAKSCOPE_OPTIONS=use_stacks=0 %expect_exit 23 %t 2>&1 | FileCheck %s --check-prefix=NOSTACKS
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

static volatile int ready;

__attribute__((noinline)) static void Hold() {
  void *volatile on_stack = malloc(3001);
  (void)on_stack;
  __atomic_store_n(&ready, 1, __ATOMIC_RELEASE);
  for (;;) pause();
}

static void *Worker(void *) {
  Hold();
  return nullptr;
}

int main() {
  pthread_t t;
  pthread_create(&t, nullptr, Worker, nullptr);
  while (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) usleep(1000);
  exit(0);
}
// LIVE-NOT: leak
// NOSTACKS: Direct leak of 3001 byte(s) in 1 object(s) allocated from:
// NOSTACKS: in Hold(){{.*}}other_thread_stack.cpp
// NOSTACKS: SUMMARY: LeakScope: 3001 byte(s) leaked in 1 allocation(s).

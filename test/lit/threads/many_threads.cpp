// 100 live threads at once: every one is stopped and scanned. Each keeps one block on
// its stack (reachable) and drops another (leaked): the report has exactly the 100
// dropped blocks, whether main exits or a worker runs the check.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s
// RUN: %expect_exit 23 %t worker 2>&1 | FileCheck %s
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

// The LeakSanitizer API LeakScope implements (clang 22 here ships no sanitizer headers).
extern "C" void __lsan_do_leak_check();
extern "C" int __lsan_do_recoverable_leak_check();

constexpr int kThreads = 100;
static int started;
static bool worker_checks;

__attribute__((noinline)) static void Drop() {
  void *volatile p = malloc(33);
  p = nullptr;
}

static void *Worker(void *arg) {
  void *volatile kept = malloc(77);
  Drop();
  int n = __atomic_add_fetch(&started, 1, __ATOMIC_ACQ_REL);
  if (worker_checks && n == kThreads) {
    __lsan_do_leak_check();
    _exit(0);
  }
  for (;;) pause();
  (void)kept;
}

int main(int argc, char **argv) {
  worker_checks = argc > 1;
  pthread_t t;
  for (int i = 0; i < kThreads; i++) pthread_create(&t, nullptr, Worker, nullptr);
  if (worker_checks) for (;;) pause();
  while (__atomic_load_n(&started, __ATOMIC_ACQUIRE) < kThreads) usleep(1000);
  exit(0);
}
// CHECK: Direct leak of 3300 byte(s) in 100 object(s) allocated from:
// CHECK: in Drop(){{.*}}many_threads.cpp
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakScope: 3300 byte(s) leaked in 100 allocation(s).

// Threads start and exit while leak checks run: every check completes, stopped or
// exiting threads never make it hang, and blocks in flight (start arguments, return
// values on their way to pthread_join, detached threads' blocks) are never reported.
// RUN: %clangxx -g -O2 %s -o %t
// RUN: env LEAKSCOPE_OPTIONS=symbolize=0 timeout 120 %t 2>&1 | FileCheck %s
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

// The LeakSanitizer API LeakScope implements (clang 22 here ships no sanitizer headers).
extern "C" void __lsan_do_leak_check();
extern "C" int __lsan_do_recoverable_leak_check();

static volatile bool stop;

static void *ShortLived(void *arg) {
  void *local = malloc(48);
  free(arg);
  return local;
}

static void *Detached(void *arg) {
  free(arg);
  return nullptr;
}

static void *Churn(void *) {
  while (!stop) {
    pthread_t t;
    if (pthread_create(&t, nullptr, ShortLived, malloc(24)) == 0) {
      void *v;
      pthread_join(t, &v);
      free(v);
    }
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_create(&t, &attr, Detached, malloc(40));
    pthread_attr_destroy(&attr);
  }
  return nullptr;
}

int main() {
  pthread_t t[3];
  for (pthread_t &x : t) pthread_create(&x, nullptr, Churn, nullptr);
  int leaky = 0;
  for (int i = 0; i < 30; i++) {
    usleep(20 * 1000);
    leaky += __lsan_do_recoverable_leak_check();
  }
  stop = true;
  for (pthread_t &x : t) pthread_join(x, nullptr);
  printf("checks reporting leaks: %d\n", leaky);
  usleep(100 * 1000);  // detached threads finish
  return 0;
}
// CHECK-NOT: leak of
// CHECK: checks reporting leaks: 0

// 16 threads each leak one block from the same line: one record, 16 objects.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s
#include <pthread.h>
#include <stdlib.h>

__attribute__((noinline)) static void Leak() {
  void *volatile p = malloc(100);
  p = nullptr;
}

static void *Worker(void *) {
  Leak();
  return nullptr;
}

int main() {
  pthread_t t[16];
  for (pthread_t &x : t) pthread_create(&x, nullptr, Worker, nullptr);
  for (pthread_t &x : t) pthread_join(x, nullptr);
  return 0;
}
// CHECK: Direct leak of 1600 byte(s) in 16 object(s) allocated from:
// CHECK: in Leak(){{.*}}sixteen_threads_leak.cpp
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakScope: 1600 byte(s) leaked in 16 allocation(s).

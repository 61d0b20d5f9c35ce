// A block whose only pointer is in another live thread's thread_local variable (its
// static TLS block) is reachable; with use_tls=0 it is a leak.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %t 2>&1 | FileCheck %s --check-prefix=LIVE --allow-empty
// RUN: env LEAKSCOPE_OPTIONS=use_tls=0 %expect_exit 23 %t 2>&1 | FileCheck %s --check-prefix=NOTLS
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

thread_local void *tls_ptr;
static volatile int ready;

__attribute__((noinline)) static void Clobber() {
  char buf[512];
  memset(buf, 0, sizeof(buf));
  asm volatile("" ::"r"(buf) : "memory");
}

static void *Worker(void *) {
  tls_ptr = malloc(5001);
  Clobber();
  __atomic_store_n(&ready, 1, __ATOMIC_RELEASE);
  for (;;) pause();
  return nullptr;
}

int main() {
  pthread_t t;
  pthread_create(&t, nullptr, Worker, nullptr);
  while (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) usleep(1000);
  exit(0);
}
// LIVE-NOT: leak
// NOTLS: Direct leak of 5001 byte(s) in 1 object(s) allocated from:
// NOTLS: SUMMARY: LeakScope: 5001 byte(s) leaked in 1 allocation(s).

// pthread_setspecific data: keys below 32 are stored in the thread's TCB, later ones
// in second-level arrays glibc allocates with malloc and hangs off the TCB. Blocks
// held only there are reachable while the thread lives; with use_tls=0 they leak.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %t 2>&1 | FileCheck %s --check-prefix=LIVE --allow-empty
// RUN: env LEAKSCOPE_OPTIONS=use_tls=0 %expect_exit 23 %t 2>&1 | FileCheck %s --check-prefix=NOTLS
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pthread_key_t keys[40];
static volatile int ready;

__attribute__((noinline)) static void Clobber() {
  char buf[512];
  memset(buf, 0, sizeof(buf));
  asm volatile("" ::"r"(buf) : "memory");
}

static void *Worker(void *) {
  pthread_setspecific(keys[3], malloc(7001));
  pthread_setspecific(keys[39], malloc(7002));
  Clobber();
  __atomic_store_n(&ready, 1, __ATOMIC_RELEASE);
  for (;;) pause();
  return nullptr;
}

int main() {
  for (pthread_key_t &k : keys) pthread_key_create(&k, nullptr);
  pthread_t t;
  pthread_create(&t, nullptr, Worker, nullptr);
  while (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) usleep(1000);
  exit(0);
}
// LIVE-NOT: leak
// NOTLS-DAG: Direct leak of 7001 byte(s) in 1 object(s) allocated from:
// NOTLS-DAG: leak of 7002 byte(s) in 1 object(s) allocated from:

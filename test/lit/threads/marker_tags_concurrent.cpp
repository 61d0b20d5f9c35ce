// The marker sets chunk tags with plain stores only when no thread of the process can
// write chunk metadata during the check: every other thread stopped (no snapshot thread
// here: one still starting up is not registered yet and counts as running). A thread made with
// the real pthread_create (the registry never saw it, so it is not stopped) allocating
// through the check switches it to atomic tag updates, and the report is still right.
// RUN: %clangxx -g -O0 -pthread %s -o %t -ldl
// RUN: env LEAKSCOPE_OPTIONS=verbosity=2:snapshot_signal=0 %expect_exit 23 %t 2>&1 | FileCheck %s --check-prefix=ALONE
// RUN: env LEAKSCOPE_OPTIONS=verbosity=2:snapshot_signal=0 %expect_exit 23 %t unseen 2>&1 | FileCheck %s --check-prefix=UNSEEN
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

void *volatile sink;
static volatile int running;

__attribute__((noinline)) void Leak() { sink = malloc(4242); }

static void *Churn(void *) {
  running = 1;
  for (;;) {
    void *volatile p = malloc(64);
    free(p);
  }
  return nullptr;
}

typedef int (*CreateFn)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "unseen")) {
    CreateFn create = (CreateFn)dlsym(RTLD_NEXT, "pthread_create");
    pthread_t t;
    if (!create || create(&t, nullptr, Churn, nullptr)) return 1;
    while (!running) {
    }
  }
  Leak();
  sink = nullptr;
  return 0;
}
// ALONE: LeakScope: leak check: every thread stopped; tags set with plain stores
// ALONE: Direct leak of 4242 byte(s) in 1 object(s)
// UNSEEN: LeakScope: leak check: a thread runs on; tags set with atomic OR
// UNSEEN: Direct leak of 4242 byte(s) in 1 object(s)
// UNSEEN: SUMMARY: LeakScope: {{[0-9]+}} byte(s) leaked

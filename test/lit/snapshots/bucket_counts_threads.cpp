// Bucket counters stay exact when threads the pthread_create interceptor never sees
// (made with the real pthread_create, found with dlsym(RTLD_NEXT), as the runtime makes
// its own snapshot thread) allocate from the same stack as the main thread at the same
// time: 1 + 2 threads x 2,000,000 malloc/free pairs of 24 bytes, counted to the unit.
// malloc_context_size=2 keeps only malloc and Shared() in the stack, so every thread
// lands in one bucket.
// RUN: %clangxx -g -O1 -pthread %s -o %t -ldl
// RUN: env LEAKSCOPE_OPTIONS=malloc_context_size=2:snapshot_path=%t.pb.gz:snapshot_at_exit=1:leak_check_at_exit=0 %t
// RUN: python3 %S/Inputs/check_bucket_counts.py %t.pb.gz Shared | FileCheck %s
// CHECK: alloc_objects=6000000 alloc_space=144000000 inuse_objects=0 inuse_space=0
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

constexpr int kThreads = 2, kIterations = 2000000;

__attribute__((noinline)) void Shared() {
  void *volatile p = malloc(24);
  free(p);
}

static volatile int go;

static void *Worker(void *) {
  while (!go) {
  }
  for (int i = 0; i < kIterations; i++) Shared();
  return nullptr;
}

typedef int (*CreateFn)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
typedef int (*JoinFn)(pthread_t, void **);

int main() {
  CreateFn create = (CreateFn)dlsym(RTLD_NEXT, "pthread_create");
  JoinFn join = (JoinFn)dlsym(RTLD_NEXT, "pthread_join");
  if (!create || !join) return 1;
  pthread_t t[kThreads];
  for (int i = 0; i < kThreads; i++)
    if (create(&t[i], nullptr, Worker, nullptr)) return 2;
  go = 1;
  for (int i = 0; i < kIterations; i++) Shared();
  for (int i = 0; i < kThreads; i++) join(t[i], nullptr);
  return 0;
}

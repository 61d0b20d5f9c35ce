// Bucket counters stay exact when threads the pthread_create interceptor never sees
// allocate from the same stack as the main thread at the same time: threads made with
// the real pthread_create (found with dlsym(RTLD_NEXT), as the runtime makes its own
// snapshot thread), and a raw clone() thread with its own TLS block (CLONE_SETTLS; its
// thread control block holds only the self pointers and guards glibc reads). Each run:
// the main thread plus two others, 2,000,000 malloc/free pairs of 1234 bytes each,
// counted to the unit over the samples of that size. malloc_context_size=2 keeps only
// malloc and Shared() in the stack, so the threads share buckets (the raw clone's
// stack bounds are unknown, so its stacks stop at malloc: a bucket of their own).
// RUN: %clangxx -g -O1 -pthread %s -o %t -ldl
// RUN: env LEAKSCOPE_OPTIONS=malloc_context_size=2:snapshot_path=%t.pb.gz:snapshot_at_exit=1:leak_check_at_exit=0 %t pthread
// RUN: python3 %S/Inputs/check_bucket_counts.py %t.pb.gz 1234 | FileCheck %s
// RUN: env LEAKSCOPE_OPTIONS=malloc_context_size=2:snapshot_path=%t.pb.gz:snapshot_at_exit=1:leak_check_at_exit=0 %t clone
// RUN: python3 %S/Inputs/check_bucket_counts.py %t.pb.gz 1234 | FileCheck %s
// CHECK: alloc_objects=6000000 alloc_space=7404000000 inuse_objects=0 inuse_space=0
#include <dlfcn.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

constexpr int kThreads = 2, kIterations = 2000000;

__attribute__((noinline)) void Shared() {
  void *volatile p = malloc(1234);
  free(p);
}

static volatile int go;

static void *Worker(void *) {
  while (!go) {
  }
  for (int i = 0; i < kIterations; i++) Shared();
  return nullptr;
}

static int RawWorker(void *) {
  Worker(nullptr);
  syscall(SYS_exit, 0);  // not glibc's exit path: this thread is not glibc's
  return 0;
}

typedef int (*CreateFn)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
typedef int (*JoinFn)(pthread_t, void **);
typedef void (*TlsInfoFn)(size_t *, size_t *);

static pid_t g_tids[kThreads];

// A thread glibc does not know: its own zeroed static TLS block below a TCB that holds
// the self pointers and the stack and pointer guards copied from this thread's.
static bool StartRaw(int i) {
  TlsInfoFn info = (TlsInfoFn)dlsym(RTLD_DEFAULT, "_dl_get_tls_static_info");
  if (!info) return false;
  size_t size, align;
  info(&size, &align);
  const size_t kTcb = 4096, kStack = 1 << 20;
  char *block = (char *)mmap(nullptr, size + kTcb + 4096, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char *stack = (char *)mmap(nullptr, kStack, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                             -1, 0);
  if (block == MAP_FAILED || stack == MAP_FAILED) return false;
  uintptr_t tp, ntp = ((uintptr_t)block + size + 4095) & ~(uintptr_t)4095;
  __asm__("mov %%fs:0, %0" : "=r"(tp));
  memcpy((void *)ntp, (void *)tp, 0x40);
  ((uintptr_t *)ntp)[0] = ntp;  // tcb
  ((uintptr_t *)ntp)[2] = ntp;  // self
  int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |
              CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
  return clone(RawWorker, stack + kStack, flags, nullptr, &g_tids[i], (void *)ntp, &g_tids[i]) > 0;
}

static void JoinRaw(int i) {
  pid_t t;
  while ((t = __atomic_load_n(&g_tids[i], __ATOMIC_ACQUIRE)) != 0)
    syscall(SYS_futex, &g_tids[i], FUTEX_WAIT, t, nullptr, nullptr, 0);
}

int main(int argc, char **argv) {
  bool raw = argc > 1 && !strcmp(argv[1], "clone");
  CreateFn create = (CreateFn)dlsym(RTLD_NEXT, "pthread_create");
  JoinFn join = (JoinFn)dlsym(RTLD_NEXT, "pthread_join");
  if (!create || !join) return 1;
  pthread_t t[kThreads];
  for (int i = 0; i < kThreads; i++)
    if (raw ? !StartRaw(i) : create(&t[i], nullptr, Worker, nullptr) != 0) return 2;
  go = 1;
  for (int i = 0; i < kIterations; i++) Shared();
  for (int i = 0; i < kThreads; i++) raw ? JoinRaw(i) : (void)join(t[i], nullptr);
  return 0;
}

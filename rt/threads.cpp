#include "threads.h"

#include <dlfcn.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "allocator.h"
#include "internal_alloc.h"
#include "report_io.h"
#include "stack_depot.h"

extern "C" void *__libc_stack_end;

namespace leakscope {

__thread uptr tls_stack_hi __attribute__((tls_model("initial-exec")));
__thread uptr tls_stack_lo __attribute__((tls_model("initial-exec")));
static __thread ThreadContext *tls_context __attribute__((tls_model("initial-exec")));

static ThreadContext *g_threads;  // kMaxThreads slots, internal memory
static int g_used_slots;
static SpinLock g_registry_lock;

pid_t GetTid() { return (pid_t)syscall(SYS_gettid); }

void GetCurrentThreadStack(uptr *lo, uptr *hi) {
  pthread_attr_t attr;
  void *addr = nullptr;
  size_t size = 0;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    pthread_attr_getstack(&attr, &addr, &size);
    pthread_attr_destroy(&attr);
  }
  *lo = (uptr)addr;
  *hi = (uptr)addr + size;
}

void ThreadRegistryLock() { g_registry_lock.Lock(); }
void ThreadRegistryUnlock() { g_registry_lock.Unlock(); }
ThreadContext *ThreadAt(int i) { return &g_threads[i]; }
int ThreadSlots() { return g_used_slots; }

ThreadContext *RegisterCurrentThread(bool runtime_thread) {
  uptr lo, hi;
  GetCurrentThreadStack(&lo, &hi);
  ScopedLock l(&g_registry_lock);
  ThreadContext *t = nullptr;
  for (int i = 0; i < g_used_slots; i++) {
    if (g_threads[i].status != kThreadRunning) {
      t = &g_threads[i];
      break;
    }
  }
  if (!t) {
    if (g_used_slots == kMaxThreads) Fatal("more than %d live threads", kMaxThreads);
    t = &g_threads[g_used_slots++];
  }
  *t = ThreadContext();
  t->tid = GetTid();
  t->handle = pthread_self();
  t->stack_lo = lo;
  t->stack_hi = hi;
  t->runtime_thread = runtime_thread;
  __atomic_store_n(&t->status, (u32)kThreadRunning, __ATOMIC_RELEASE);
  tls_context = t;
  tls_stack_lo = lo;
  tls_stack_hi = hi;
  return t;
}

void UnregisterCurrentThread() {
  if (!tls_context) return;
  ScopedLock l(&g_registry_lock);
  __atomic_store_n(&tls_context->status, (u32)kThreadFinished, __ATOMIC_RELEASE);
  tls_context = nullptr;
}

static pthread_key_t g_exit_key;

static void OnThreadExit(void *) {
  DrainThreadCache();
  UnregisterCurrentThread();
}

void InitThreads() {
  g_threads = (ThreadContext *)MapMemory(sizeof(ThreadContext) * kMaxThreads, "thread registry");
  if (!g_threads) Fatal("cannot allocate the thread registry");
  RegisterCurrentThread(false);
  // The main thread's stack may be reported with the size of its rlimit; the top is
  // what matters for the unwinder, and __libc_stack_end is inside the real stack.
  if (!tls_stack_hi) tls_stack_hi = RoundUp((uptr)__libc_stack_end, kPageSize);
  pthread_key_create(&g_exit_key, OnThreadExit);
}

namespace {
struct StartArgs {
  void *(*start)(void *);
  void *arg;
};
}  // namespace

static void *ThreadStart(void *p) {
  StartArgs a = *(StartArgs *)p;
  InternalFree(p);
  RegisterCurrentThread(false);
  pthread_setspecific(g_exit_key, (void *)1);
  return a.start(a.arg);
}

}  // namespace leakscope

using namespace leakscope;

typedef int (*pthread_create_fn)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);

LS_INTERFACE int pthread_create(pthread_t *thread, const pthread_attr_t *attr,
                                void *(*start)(void *), void *arg) {
  DepotSetConcurrent();
  static pthread_create_fn real;
  if (!real) real = (pthread_create_fn)dlsym(RTLD_NEXT, "pthread_create");
  if (!real) Fatal("cannot find the real pthread_create");
  StartArgs *a = (StartArgs *)InternalAlloc(sizeof(StartArgs));
  a->start = start;
  a->arg = arg;
  int r = real(thread, attr, ThreadStart, a);
  if (r) InternalFree(a);
  return r;
}

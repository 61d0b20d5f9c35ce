#include "world/threads.h"

#include <limits.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "base/futex.h"
#include "base/internal_alloc.h"
#include "base/locks.h"
#include "base/report_io.h"
#include "heap/allocator.h"
#include "stacks/stack_depot.h"
#include "stacks/bucket_counters.h"
#include "world/tls.h"

extern "C" void *__libc_stack_end;

namespace leakscope {

__thread uptr tls_stack_hi __attribute__((tls_model("initial-exec")));
__thread uptr tls_stack_lo __attribute__((tls_model("initial-exec")));
static __thread ThreadContext *tls_context __attribute__((tls_model("initial-exec")));

static ThreadContext *g_threads;  // kMaxThreads slots, internal memory
static int g_used_slots;          // high-water mark of slots ever used
Mutex g_registry_lock{LockRank::kThreadRegistry};
LS_REGISTER_LOCK(g_registry_lock);

pid_t GetTid() { return (pid_t)syscall(SYS_gettid); }

void GetCurrentThreadStack(uptr *lo, uptr *hi) {
  ScopedRuntimeAllocations runtime;  // pthread_getattr_np reads /proc/self/maps with stdio
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
int ThreadSlots() { return __atomic_load_n(&g_used_slots, __ATOMIC_ACQUIRE); }
ThreadContext *CurrentThreadContext() { return tls_context; }

static void SetStatus(ThreadContext *t, ThreadStatus s) {
  __atomic_store_n(&t->status, (u32)s, __ATOMIC_RELEASE);
}

// A free slot, zeroed. Registry locked.
static ThreadContext *AllocSlotLocked() LS_REQUIRES(g_registry_lock) {
  for (int i = 0; i < g_used_slots; i++) {
    if (g_threads[i].status == kThreadUnused) {
      g_threads[i] = ThreadContext();
      return &g_threads[i];
    }
  }
  if (g_used_slots == kMaxThreads) return nullptr;
  ThreadContext *t = &g_threads[g_used_slots];
  *t = ThreadContext();
  __atomic_store_n(&g_used_slots, g_used_slots + 1, __ATOMIC_RELEASE);
  return t;
}

// A Finished slot with the same handle as a new thread belongs to a thread that was
// joined by a path the interceptors do not see (its handle could not be reused
// otherwise): its return value is no longer the library's to keep.
static void DropStaleSlotsLocked(ThreadContext *self) LS_REQUIRES(g_registry_lock) {
  for (int i = 0; i < g_used_slots; i++) {
    ThreadContext *t = &g_threads[i];
    if (t != self && t->status == kThreadFinished && pthread_equal(t->handle, self->handle))
      SetStatus(t, kThreadUnused);
  }
}

// Fills the slot for the calling thread. The stack bounds come later (see
// StartReservedThread); the thread pointer bounds the stack from above until then.
static void FillCurrentLocked(ThreadContext *t) LS_REQUIRES(g_registry_lock) {
  t->tid = GetTid();
  t->handle = pthread_self();
  t->thread_pointer = ThreadPointer();
  t->stop_state = kStopNone;
  DropStaleSlotsLocked(t);
  tls_context = t;
  SetStatus(t, kThreadRunning);
}

static void SetStackBounds(ThreadContext *t) {
  uptr lo, hi;
  GetCurrentThreadStack(&lo, &hi);
  tls_stack_lo = lo;
  tls_stack_hi = hi;
  ScopedLock l(&g_registry_lock);
  t->stack_lo = lo;
  t->stack_hi = hi;
}

ThreadContext *RegisterCurrentThread(bool runtime_thread) {
  ThreadContext *t = tls_context;
  if (t) {  // already registered (started through the pthread_create interceptor)
    ScopedLock l(&g_registry_lock);
    t->runtime_thread = runtime_thread;
    return t;
  }
  {
    ScopedLock l(&g_registry_lock);
    t = AllocSlotLocked();
    if (!t) Fatal("more than %d live threads", kMaxThreads);
    t->runtime_thread = runtime_thread;
    FillCurrentLocked(t);
  }
  SetStackBounds(t);
  return t;
}

ThreadContext *ReserveThread(void *(*start)(void *), void *arg, bool detached) {
  ScopedLock l(&g_registry_lock);
  ThreadContext *t = AllocSlotLocked();
  if (!t) return nullptr;
  t->start_routine = start;
  t->start_arg = arg;
  t->detached = detached;
  SetStatus(t, kThreadCreated);
  return t;
}

void SetReservedThreadHandle(ThreadContext *t, pthread_t handle) {
  ScopedLock l(&g_registry_lock);
  if (t->status == kThreadCreated) t->handle = handle;  // else the thread wrote it itself
}

void CancelReservedThread(ThreadContext *t) {
  ScopedLock l(&g_registry_lock);
  SetStatus(t, kThreadUnused);
}

// The registry lock is taken before anything else, pthread_getattr_np's malloc
// included: while a leak check holds the world stopped this new thread waits here
// instead of changing the heap unseen (it is not registered yet, so not stopped).
void StartReservedThread(ThreadContext *t) {
  {
    ScopedLock l(&g_registry_lock);
    FillCurrentLocked(t);
  }
  SetStackBounds(t);
}

void SetCurrentThreadRetval(void *retval) {
  if (tls_context) __atomic_store_n(&tls_context->retval, retval, __ATOMIC_RELEASE);
}

void UnregisterCurrentThread() {
  ThreadContext *t = tls_context;
  if (!t) return;
  ScopedLock l(&g_registry_lock);
  t->start_arg = nullptr;
  SetStatus(t, t->detached ? kThreadUnused : kThreadFinished);
  tls_context = nullptr;
}

static ThreadContext *FindByHandleLocked(pthread_t h) LS_REQUIRES(g_registry_lock) {
  for (int i = 0; i < g_used_slots; i++) {
    ThreadContext *t = &g_threads[i];
    if (t->status != kThreadUnused && !t->runtime_thread && pthread_equal(t->handle, h)) return t;
  }
  return nullptr;
}

void OnThreadJoined(pthread_t handle) {
  ScopedLock l(&g_registry_lock);
  // Only a Finished slot: the exit hook ran before the thread could be joined, and a
  // Running slot with this handle already belongs to a new thread reusing it.
  for (int i = 0; i < g_used_slots; i++) {
    ThreadContext *t = &g_threads[i];
    if (t->status == kThreadFinished && pthread_equal(t->handle, handle)) SetStatus(t, kThreadUnused);
  }
}

void OnThreadDetached(pthread_t handle) {
  ScopedLock l(&g_registry_lock);
  ThreadContext *t = FindByHandleLocked(handle);
  if (!t) return;
  if (t->status == kThreadFinished) SetStatus(t, kThreadUnused);
  else t->detached = true;
}

void ThreadRegistryAfterForkChild() {
  ThreadContext *self = tls_context;
  for (int i = 0; i < g_used_slots; i++) {
    ThreadContext *t = &g_threads[i];
    if (t == self) continue;
    t->status = kThreadUnused;
  }
  if (self) {
    self->tid = GetTid();
    self->stop_request = self->stop_ack = 0;
    self->stop_state = kStopNone;
  }
}

// ---- Thread exit ----------------------------------------------------------------------
// The exit hook is a pthread key destructor. glibc runs key destructors in up to
// PTHREAD_DESTRUCTOR_ITERATIONS rounds while values remain set; the hook re-arms
// itself until the last round, so the program's own destructors (which may free
// memory, or allocate) run while the thread is still registered and stoppable.
static pthread_key_t g_exit_key;
static constexpr uptr kExitRounds = PTHREAD_DESTRUCTOR_ITERATIONS;

static void OnThreadExit(void *value) {
  uptr rounds_left = (uptr)value;
  if (rounds_left > 1) {
    pthread_setspecific(g_exit_key, (void *)(rounds_left - 1));
    return;
  }
  DrainThreadCache();
  BucketTableRelease();  // for the next thread, counts included (bucket_counters.h)
  UnregisterCurrentThread();
}

void ArmThreadExitHook() { pthread_setspecific(g_exit_key, (void *)kExitRounds); }

void InitThreads() {
  InitTls();
  g_threads = (ThreadContext *)MapMemory(sizeof(ThreadContext) * kMaxThreads, "thread registry");
  if (!g_threads) Fatal("cannot allocate the thread registry");
  RegisterCurrentThread(false);
  // The main thread's stack may be reported with the size of its rlimit; the top is
  // what matters for the unwinder, and __libc_stack_end is inside the real stack.
  if (!tls_stack_hi) {
    tls_stack_hi = RoundUp((uptr)__libc_stack_end, kPageSize);
    tls_context->stack_hi = tls_stack_hi;
  }
  pthread_key_create(&g_exit_key, OnThreadExit);
  ArmThreadExitHook();  // a main thread leaving by pthread_exit() finishes like the others
}

}  // namespace leakscope

// Thread lifecycle interceptors: pthread_create, pthread_exit, the pthread_join family
// and pthread_detach. They keep the registry (threads.h) in step with the program's
// threads, which is what lets the leak check stop every thread and keep alive the heap
// blocks only the thread library holds: start arguments of threads not yet started
// and return values of threads not yet joined.
//
// C11 threads get the same: glibc's thrd_create, thrd_join, thrd_detach and thrd_exit
// call its internal pthread functions, not these, so they are intercepted too. Threads
// made by a raw clone() are not registered: they are neither stopped nor scanned.
#include <dlfcn.h>
#include <errno.h>
#include <threads.h>
#include <time.h>

#include "base/common.h"
#include "base/report_io.h"
#include "stacks/stack_depot.h"
#include "stacks/hybrid_unwind.h"
#include "stacks/stack_trace.h"
#include "world/stop_signal_mask.h"
#include "world/threads.h"

using namespace leakscope;

template <typename Fn>
static Fn Real(Fn *cache, const char *name) {
  Fn f = __atomic_load_n(cache, __ATOMIC_ACQUIRE);
  if (LS_LIKELY(f)) return f;
  f = (Fn)dlsym(RTLD_NEXT, name);
  if (!f) Fatal("cannot find the real %s", name);
  __atomic_store_n(cache, f, __ATOMIC_RELEASE);
  return f;
}
#define REAL(type, name) Real<type>(&real_##name, #name)

namespace leakscope {

LS_OUTERMOST_WRAPPER static void *ThreadStart(void *p) {
  ThreadContext *t = (ThreadContext *)p;
  StartReservedThread(t);
  SetStopSignalHidden(t->stop_signal_hidden);
  ArmThreadExitHook();
  void *(*start)(void *) = t->start_routine;
  void *arg = t->start_arg;
  // From here the argument is in this frame (or a register), which the leak check
  // scans for a running thread; the slot need not hold it any longer.
  __atomic_store_n(&t->start_arg, nullptr, __ATOMIC_RELEASE);
  // A C11 start routine returns int; thrd_join reads it back from the pointer-sized
  // return value, as glibc's own thrd_create does.
  void *ret = t->c11 ? (void *)(intptr_t)((thrd_start_t)(void *)start)(arg) : start(arg);
  SetCurrentThreadRetval(ret);
  return ret;
}

}  // namespace leakscope

typedef int (*pthread_create_fn)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
typedef int (*pthread_join_fn)(pthread_t, void **);
typedef int (*pthread_timedjoin_fn)(pthread_t, void **, const struct timespec *);
typedef int (*pthread_clockjoin_fn)(pthread_t, void **, clockid_t, const struct timespec *);
typedef int (*pthread_detach_fn)(pthread_t);
typedef void (*pthread_exit_fn)(void *);
static pthread_create_fn real_pthread_create;
static pthread_join_fn real_pthread_join;
static pthread_join_fn real_pthread_tryjoin_np;
static pthread_timedjoin_fn real_pthread_timedjoin_np;
static pthread_clockjoin_fn real_pthread_clockjoin_np;
static pthread_detach_fn real_pthread_detach;
static pthread_exit_fn real_pthread_exit;

// The creation stack (thread leak reports say where a leaked thread was started): frame
// 0 is this entry, then the program's call of pthread_create, std::thread's, ... (the
// allocation path's walk: through libstdc++'s frames by their CFI).
LS_NOINLINE static u32 CreationStack(uptr fp) {
  uptr pcs[kMaxFrames];
  u32 n = UnwindStack(pcs, kMaxFrames, (uptr)__builtin_return_address(0), fp);
  return DepotPut(pcs, n, nullptr)->id;
}

static int CreateThread(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *),
                        void *arg, bool c11, u32 creation_stack) {
  pthread_create_fn real = REAL(pthread_create_fn, pthread_create);
  int detach_state = PTHREAD_CREATE_JOINABLE;
  if (attr) pthread_attr_getdetachstate(attr, &detach_state);
  ThreadContext *t = ReserveThread(start, arg, detach_state == PTHREAD_CREATE_DETACHED);
  if (!t) Fatal("more than %d live threads", kMaxThreads);
  t->c11 = c11;
  t->stop_signal_hidden = StopSignalHidden();
  t->creation_stack = creation_stack;
  int r = real(thread, attr, ThreadStart, t);
  if (r) CancelReservedThread(t);
  else SetReservedThreadHandle(t, *thread);
  return r;
}

LS_INTERFACE int pthread_create(pthread_t *thread, const pthread_attr_t *attr,
                                void *(*start)(void *), void *arg) {
  return CreateThread(thread, attr, start, arg, false,
                      CreationStack((uptr)__builtin_frame_address(0)));
}

// ---- C11 threads: the thrd_* calls in terms of the interceptors above ----------------
static int ThrdResult(int pthread_error) {
  return pthread_error == 0 ? thrd_success : pthread_error == ENOMEM ? thrd_nomem : thrd_error;
}

LS_INTERFACE int thrd_create(thrd_t *thr, thrd_start_t func, void *arg) {
  return ThrdResult(CreateThread(thr, nullptr, (void *(*)(void *))(void *)func, arg, true,
                                 CreationStack((uptr)__builtin_frame_address(0))));
}

LS_INTERFACE int thrd_join(thrd_t thr, int *res) {
  void *ret;
  if (pthread_join(thr, &ret)) return thrd_error;
  if (res) *res = (int)(intptr_t)ret;
  return thrd_success;
}

LS_INTERFACE int thrd_detach(thrd_t thr) { return ThrdResult(pthread_detach(thr)); }

LS_INTERFACE void thrd_exit(int res) { pthread_exit((void *)(intptr_t)res); }

LS_INTERFACE void pthread_exit(void *retval) {
  SetCurrentThreadRetval(retval);
  REAL(pthread_exit_fn, pthread_exit)(retval);
  __builtin_unreachable();
}

LS_INTERFACE int pthread_join(pthread_t th, void **retval) {
  int r = REAL(pthread_join_fn, pthread_join)(th, retval);
  if (r == 0) OnThreadJoined(th);
  return r;
}

LS_INTERFACE int pthread_tryjoin_np(pthread_t th, void **retval) {
  int r = REAL(pthread_join_fn, pthread_tryjoin_np)(th, retval);
  if (r == 0) OnThreadJoined(th);
  return r;
}

LS_INTERFACE int pthread_timedjoin_np(pthread_t th, void **retval, const struct timespec *abstime) {
  int r = REAL(pthread_timedjoin_fn, pthread_timedjoin_np)(th, retval, abstime);
  if (r == 0) OnThreadJoined(th);
  return r;
}

LS_INTERFACE int pthread_clockjoin_np(pthread_t th, void **retval, clockid_t clock,
                                      const struct timespec *abstime) {
  int r = REAL(pthread_clockjoin_fn, pthread_clockjoin_np)(th, retval, clock, abstime);
  if (r == 0) OnThreadJoined(th);
  return r;
}

LS_INTERFACE int pthread_detach(pthread_t th) {
  int r = REAL(pthread_detach_fn, pthread_detach)(th);
  if (r == 0) OnThreadDetached(th);
  return r;
}

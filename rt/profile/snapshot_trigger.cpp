#include "profile/snapshot_trigger.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/locks.h"
#include "base/report_io.h"
#include "heap/allocator.h"
#include "options.h"
#include "profile/snapshot.h"
#include "world/signal_chain.h"
#include "world/threads.h"

namespace leakscope {

typedef int (*PthreadCreateFn)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);

namespace {
int g_signal;                // the trigger signal; 0 when signals are off
bool g_handler_installed;    // our handler is the signal's disposition
u64 g_requests;              // signals delivered and not yet served
int g_wake[2] = {-1, -1};    // the handler writes, the snapshot thread reads
bool g_inited;
// Held while serving requests: a Mutex, since serving is writing a snapshot. Once exit
// began no further request is served (g_exiting), but the lock is released: fork()
// takes every lock, in a program whose other threads go on during exit too.
Mutex g_serve_lock{LockRank::kSnapshotServe};
LS_REGISTER_LOCK(g_serve_lock);
bool g_exiting LS_GUARDED_BY(g_serve_lock);
}  // namespace

static void OnSnapshotSignal(int, siginfo_t *, void *) {
  int saved = errno;
  __atomic_fetch_add(&g_requests, 1, __ATOMIC_RELEASE);
  char c = 0;
  ssize_t r = write(g_wake[1], &c, 1);  // a full pipe already holds a wake-up
  (void)r;
  errno = saved;
}

// Serves every pending request with one snapshot.
static void ServeRequestsLocked() LS_REQUIRES(g_serve_lock) {
  u64 n = __atomic_exchange_n(&g_requests, 0, __ATOMIC_ACQ_REL);
  if (!n) return;
  if (n > 1)
    Warn("%llu snapshot requests (signal %d) coalesced into one snapshot", (unsigned long long)n,
         g_signal);
  WriteHeapSnapshot(nullptr, "signal");
}

static u64 MonotonicMs() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (u64)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void *SnapshotThread(void *) {
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, nullptr);
  // Registering reads this thread's stack bounds with pthread_getattr_np, which mallocs
  // a block and frees it at once. A leak check that stops the world in between (a short
  // program exiting while this thread, started by a constructor, is still starting up)
  // would report it: runtime threads' stacks are not scanned. Ignored, like the TLS
  // vector above.
  tls_disable_depth++;
  RegisterCurrentThread(true);
  tls_disable_depth--;
  u64 interval_ms = (u64)g_options.snapshot_interval_s * 1000;
  u64 next = MonotonicMs() + interval_ms;
  for (;;) {
    int timeout = -1;
    if (interval_ms) {
      u64 now = MonotonicMs();
      timeout = next > now ? (int)(next - now) : 0;
    }
    struct pollfd p = {g_wake[0], POLLIN, 0};
    if (poll(&p, 1, timeout) > 0) {
      char buf[256];
      while (read(g_wake[0], buf, sizeof(buf)) > 0) {
      }
    }
    ScopedLock l(&g_serve_lock);
    if (g_exiting) continue;  // the exit path served the last requests
    ServeRequestsLocked();
    if (interval_ms && MonotonicMs() >= next) {
      WriteHeapSnapshot(nullptr, "interval");
      next += interval_ms;
      u64 now = MonotonicMs();
      if (next <= now) next = now + interval_ms;  // slower than the period: skip, don't pile up
    }
  }
  return nullptr;
}

// The child starts with one thread (the locks are fork.cpp's business): the parent's
// pending requests stay the parent's, and the wake-up pipe (shared with the parent) is
// left to the parent's snapshot thread.
static void ChildAfterFork() {
  __atomic_store_n(&g_requests, 0, __ATOMIC_RELEASE);
  int fd = g_wake[1];
  g_wake[1] = -1;  // the handler's write now fails harmlessly (EBADF)
  if (fd >= 0) close(fd);
}

// Started from a constructor rather than from InitRuntime: the static runtime
// initialises from .preinit_array, before libc is ready for threads. The real
// pthread_create is called directly: the interceptor would register the thread as a
// program thread.
static void StartSnapshotThread() {
  // A volatile read: LLVM's GlobalOpt evaluates constructors at compile time as if the
  // module's globals still held their initial values (g_inited false: the constructor
  // would be deleted), but InitRuntime has run before this constructor.
  if (!*(volatile bool *)&g_inited) return;
  pthread_atfork(nullptr, nullptr, ChildAfterFork);
  if (!g_signal && g_options.snapshot_interval_s <= 0) return;
  PthreadCreateFn real = (PthreadCreateFn)dlsym(RTLD_NEXT, "pthread_create");
  if (!real) {
    Warn("cannot find the real pthread_create; heap snapshots only through the API");
    return;
  }
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t t;
  // libc allocates the thread's TLS vector with malloc and keeps it in the thread's
  // descriptor, which no leak check scans (runtime threads are not scanned): ignored.
  tls_disable_depth++;
  int err = real(&t, &attr, SnapshotThread, nullptr);
  tls_disable_depth--;
  pthread_attr_destroy(&attr);
  if (err) {
    Warn("cannot start the snapshot thread: %s", strerror(err));
    return;
  }
  pthread_setname_np(t, "leakscope-snap");
}

static void SnapshotsAtExit() {
  // Wait for a snapshot in progress, and keep the thread from starting another one.
  ScopedLock l(&g_serve_lock);
  if (g_exiting) return;
  g_exiting = true;
  ServeRequestsLocked();
  if (g_options.snapshot_at_exit) WriteHeapSnapshot(nullptr, "exit");
}

static void YieldSignal(const char *how) {
  g_handler_installed = false;
  Warn("the program %s signal %d (%s); LeakScope keeps it and writes no heap snapshots on "
       "that signal (set snapshot_signal to another one, or call __leakscope_write_snapshot)",
       how, g_signal, strsignal(g_signal));
}

static bool SnapshotSignalSigaction(int sig, const struct sigaction *act,
                                    struct sigaction *old, int *result);

void InitSnapshotTriggers() {
  if (g_inited) return;
  g_inited = true;
  SetSigactionHook(SnapshotSignalSigaction);
  atexit(SnapshotsAtExit);
  int sig = g_options.snapshot_signal;
  if (!sig) return;
  if (sig < 1 || sig >= NSIG || sig == SIGKILL || sig == SIGSTOP) {
    Warn("snapshot_signal=%d is not a signal that can be caught; signal snapshots are off", sig);
    return;
  }
  if (pipe2(g_wake, O_NONBLOCK | O_CLOEXEC)) {
    Warn("cannot create the snapshot wake-up pipe: %s; signal snapshots are off", strerror(errno));
    return;
  }
  g_signal = sig;
  struct sigaction cur;
  if (RealSigaction()(sig, nullptr, &cur) == 0 && cur.sa_handler != SIG_DFL) {
    YieldSignal(cur.sa_handler == SIG_IGN ? "ignores" : "handles");
    return;
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof(sa));
  sa.sa_sigaction = OnSnapshotSignal;
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&sa.sa_mask);
  if (RealSigaction()(sig, &sa, nullptr) != 0) {
    Warn("cannot install the snapshot signal handler: %s", strerror(errno));
    return;
  }
  g_handler_installed = true;
}

static void ReportDefault(struct sigaction *old) {
  if (!old) return;
  memset(old, 0, sizeof(*old));
  old->sa_handler = SIG_DFL;
}

// Only the trigger signal is handled here, and only while LeakScope owns it: the
// program sees SIG_DFL where our handler is, and a handler it installs replaces ours.
static bool SnapshotSignalSigaction(int sig, const struct sigaction *act,
                                    struct sigaction *old, int *result) {
  if (!sig || sig != g_signal || !__atomic_load_n(&g_handler_installed, __ATOMIC_ACQUIRE))
    return false;
  *result = 0;
  if (!act || act->sa_handler == SIG_DFL) {
    ReportDefault(old);  // "default" is what the program gets: our handler stays
    return true;
  }
  int r = RealSigaction()(sig, act, nullptr);
  if (r) {
    *result = r;
    return true;
  }
  ReportDefault(old);
  YieldSignal(act->sa_handler == SIG_IGN ? "ignores" : "installed its own handler for");
  return true;
}

}  // namespace leakscope

using namespace leakscope;

__attribute__((constructor)) static void LeakScopeStartSnapshotThread() { StartSnapshotThread(); }

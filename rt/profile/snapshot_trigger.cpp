#include "profile/snapshot_trigger.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "base/locks.h"
#include "base/report_io.h"
#include "base/runtime_fd.h"
#include "heap/allocator.h"
#include "options.h"
#include "profile/snapshot.h"
#include "world/before_destructors.h"
#include "world/signal_chain.h"
#include "world/stop_signal_mask.h"
#include "world/threads.h"

namespace leakscope {

typedef int (*PthreadCreateFn)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);

namespace {
int g_signal;                // the trigger signal; 0 when signals are off
bool g_handler_installed;    // our handler is the signal's disposition
u64 g_requests;              // signals delivered and not yet served
int g_wake[2] = {-1, -1};    // the handler writes, the snapshot thread reads
bool g_inited;
bool g_no_thread;            // no snapshot thread takes the signal (a forked child, a failed start)
// Held while serving requests: a Mutex, since serving is writing a snapshot. Once exit
// began no further request is served (g_exiting), but the lock is released: fork()
// takes every lock, in a program whose other threads go on during exit too.
Mutex g_serve_lock{LockRank::kSnapshotServe};
LS_REGISTER_LOCK(g_serve_lock);
bool g_exiting LS_GUARDED_BY(g_serve_lock);
}  // namespace

__thread int tls_snapshot_signal_open __attribute__((tls_model("initial-exec")));

// Blocks or unblocks the trigger signal in the calling thread only. A raw syscall: also
// at .preinit time, and never through the program's view (snapshot_signal_owner.cpp).
static void MaskSignal(int how, int sig) {
  u64 set = 1ull << (sig - 1);
  syscall(SYS_rt_sigprocmask, how, &set, nullptr, sizeof(set));
}

int OwnedSnapshotSignal() {
  return __atomic_load_n(&g_handler_installed, __ATOMIC_ACQUIRE) ? g_signal : 0;
}

void CountSnapshotRequest() {
  int saved = errno;
  __atomic_fetch_add(&g_requests, 1, __ATOMIC_RELEASE);
  char c = 0;
  ssize_t r = write(g_wake[1], &c, 1);  // a full pipe already holds a wake-up
  (void)r;
  errno = saved;
}

// Runs only in a thread that has the signal unblocked: one the runtime did not see start
// (created before start-up, or by a raw clone), one that unblocked it behind the
// interceptors' back (a raw syscall, sigsuspend), a forked child, or the window around
// exec. The request is served all the same, and the thread gets the signal blocked again
// when the handler returns (the kernel restores the mask saved in the frame), so it is
// interrupted at most once.
static void OnSnapshotSignal(int sig, siginfo_t *, void *ucv) {
  CountSnapshotRequest();
  ucontext_t *uc = (ucontext_t *)ucv;
  if (uc && !g_no_thread && !tls_snapshot_signal_open &&
      __atomic_load_n(&g_handler_installed, __ATOMIC_ACQUIRE))
    sigaddset(&uc->uc_sigmask, sig);
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
  BlockAllSignalsInRuntimeThread();
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
  // The signal, blocked in every program thread, stays pending for the process; this
  // thread takes it through a signalfd, so no program thread is interrupted.
  int sfd = -1;
  if (OwnedSnapshotSignal()) {
    // A raw syscall: signalfd() is intercepted (a program waiting for the signal takes
    // it over).
    u64 set = 1ull << (g_signal - 1);
    sfd = KeepOffStdio((int)syscall(SYS_signalfd4, -1, &set, sizeof(set), SFD_NONBLOCK | SFD_CLOEXEC));
    if (sfd < 0) {
      Warn("cannot take signal %d on the snapshot thread (signalfd: %s); the signal now "
           "interrupts the program thread it lands in", g_signal, strerror(errno));
      g_no_thread = true;
    }
  }
  for (;;) {
    int timeout = -1;
    if (interval_ms) {
      u64 now = MonotonicMs();
      timeout = next > now ? (int)(next - now) : 0;
    }
    if (sfd >= 0 && !OwnedSnapshotSignal()) {  // the program took the signal over
      close(sfd);
      sfd = -1;
    }
    struct pollfd p[2] = {{g_wake[0], POLLIN, 0}, {sfd, POLLIN, 0}};
    if (poll(p, sfd >= 0 ? 2 : 1, timeout) > 0) {
      char buf[256];
      while (read(g_wake[0], buf, sizeof(buf)) > 0) {
      }
      struct signalfd_siginfo si;
      while (sfd >= 0 && OwnedSnapshotSignal() && read(sfd, &si, sizeof(si)) == sizeof(si))
        __atomic_fetch_add(&g_requests, 1, __ATOMIC_RELEASE);
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
  // No thread takes the signal in the child: it interrupts the child as it did before,
  // and what the child execs starts with the signal unblocked.
  g_no_thread = true;
  if (OwnedSnapshotSignal()) MaskSignal(SIG_UNBLOCK, g_signal);
  __atomic_store_n(&g_requests, 0, __ATOMIC_RELEASE);
  int fd = g_wake[1];
  g_wake[1] = -1;  // the handler's write now fails harmlessly (EBADF)
  if (fd >= 0) close(fd);
}

// Without a snapshot thread the signal is delivered as before (to a program thread,
// through the handler), so it must not stay blocked where it was blocked at start-up.
static void NoSnapshotThread() {
  g_no_thread = true;
  if (OwnedSnapshotSignal()) MaskSignal(SIG_UNBLOCK, g_signal);
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
    NoSnapshotThread();
    return;
  }
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t t;
  // libc allocates the thread's TLS vector with malloc and keeps it in the thread's
  // descriptor, which no leak check scans (runtime threads are not scanned): ignored.
  int err;
  {
    ScopedRuntimeAllocations runtime;  // libc's TLS vector for the runtime's thread
    err = real(&t, &attr, SnapshotThread, nullptr);
  }
  pthread_attr_destroy(&attr);
  if (err) {
    Warn("cannot start the snapshot thread: %s", strerror(err));
    NoSnapshotThread();
    return;
  }
  pthread_setname_np(t, "leakscope-snap");
}

// The exit point of snapshots: pending requests and the exit snapshot. Runs before
// static destructors (before_destructors.h), so the exit snapshot and its retention
// profile show the heap as the program left it, a global container still full; the
// atexit registration is the fallback for an exit the hooks did not see. Once only.
static void SnapshotsAtExit() {
  // Wait for a snapshot in progress, and keep the thread from starting another one.
  ScopedLock l(&g_serve_lock);
  if (g_exiting) return;
  g_exiting = true;
  // A signal still pending (blocked, not yet taken by the thread) is a request too.
  if (OwnedSnapshotSignal()) {
    u64 set = 1ull << (g_signal - 1);
    struct timespec zero = {0, 0};
    while (syscall(SYS_rt_sigtimedwait, &set, nullptr, &zero, sizeof(set)) == g_signal)
      __atomic_fetch_add(&g_requests, 1, __ATOMIC_RELEASE);
  }
  ServeRequestsLocked();
  if (g_options.snapshot_at_exit) WriteHeapSnapshot(nullptr, "exit");
}

void YieldSnapshotSignal(const char *how, bool unblock) {
  bool was_owned = __atomic_exchange_n(&g_handler_installed, false, __ATOMIC_ACQ_REL);
  // The calling thread gets the signal back; threads it creates from now on inherit that.
  if (was_owned && unblock) MaskSignal(SIG_UNBLOCK, g_signal);
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
  AddBeforeDestructorsHook(SnapshotsAtExit);
  atexit(SnapshotsAtExit);
  int sig = g_options.snapshot_signal;
  if (!sig) return;
  if (sig < 1 || sig >= NSIG || sig == SIGKILL || sig == SIGSTOP) {
    Warn("snapshot_signal=%d is not a signal that can be caught; signal snapshots are off", sig);
    return;
  }
  int wake[2] = {-1, -1};
  if (pipe2(wake, O_NONBLOCK | O_CLOEXEC) == 0) {
    wake[0] = KeepOffStdio(wake[0]);
    wake[1] = KeepOffStdio(wake[1]);
    if (wake[0] < 0 || wake[1] < 0) {
      if (wake[0] >= 0) close(wake[0]);
      if (wake[1] >= 0) close(wake[1]);
      wake[0] = wake[1] = -1;
      errno = EMFILE;
    }
  }
  g_wake[0] = wake[0];
  g_wake[1] = wake[1];
  if (g_wake[0] < 0) {
    Warn("cannot create the snapshot wake-up pipe: %s; signal snapshots are off", strerror(errno));
    return;
  }
  g_signal = sig;
  struct sigaction cur;
  if (RealSigaction()(sig, nullptr, &cur) == 0 && cur.sa_handler != SIG_DFL) {
    YieldSnapshotSignal(cur.sa_handler == SIG_IGN ? "ignores" : "handles", false);
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
  // Blocked from here on in this thread and so in every thread it creates; the snapshot
  // thread takes it (see snapshot_signal_owner.cpp for how it stays blocked).
  MaskSignal(SIG_BLOCK, sig);
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
  YieldSnapshotSignal(act->sa_handler == SIG_IGN ? "ignores" : "installed its own handler for",
                      true);
  return true;
}

}  // namespace leakscope

using namespace leakscope;

__attribute__((constructor)) static void LeakScopeStartSnapshotThread() { StartSnapshotThread(); }

// Keeping the snapshot signal blocked in the program's threads (see snapshot_trigger.h).
//
// The signal is blocked once, in the first thread at start-up; every thread inherits its
// creator's mask, so it stays blocked everywhere unless the program unblocks it. These
// interceptors make that hold while the runtime owns the signal, without the program
// seeing the difference:
//  * pthread_sigmask()/sigprocmask(): SIG_UNBLOCK and SIG_SETMASK never unblock the
//    signal, and the old mask reported back does not show it (the program sees the mask
//    it set). Intercepting is more robust than re-blocking afterwards: there is no
//    window in which a request interrupts the thread.
//  * raise() and pthread_kill() of the signal: a thread-directed signal would stay
//    pending in a thread that blocks it, so the request is counted directly.
//  * sigwait(), sigwaitinfo(), sigtimedwait(), signalfd() on a set holding the signal:
//    the program wants the signal itself; the runtime yields it, as for a handler.
//  * exec-like calls (execve and its variants, posix_spawn, system, popen): a blocked
//    signal survives exec, and the new program must start as it would without LeakScope,
//    so the signal is unblocked in the calling thread around the call (and blocked again
//    if the call returns). A request arriving in that window runs the handler there.
// What is not covered, and reaches the handler instead (served, the thread interrupted
// at most once, the signal blocked again on return): raw rt_sigprocmask syscalls,
// sigsuspend()/pselect()/ppoll()/epoll_pwait() with a mask that unblocks the signal,
// threads the runtime did not see start. After fork() the child has the signal
// unblocked (no snapshot thread there).
// The same two interceptors keep the stop signal out of masks that block every signal
// (world/stop_signal_mask.h).
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "base/common.h"
#include "base/report_io.h"
#include "profile/snapshot_trigger.h"
#include "world/stop_signal_mask.h"

namespace leakscope {

template <typename Fn>
static Fn Real(Fn *cache, const char *name) {
  Fn f = __atomic_load_n(cache, __ATOMIC_ACQUIRE);
  if (!f) {
    f = (Fn)dlsym(RTLD_NEXT, name);
    if (!f) Fatal("cannot find the real %s", name);
    __atomic_store_n(cache, f, __ATOMIC_RELEASE);
  }
  return f;
}
#define REAL(name)                                 \
  static decltype(&::name) real_##name##_fn;       \
  auto real_##name = Real(&real_##name##_fn, #name)

typedef int (*SigmaskFn)(int, const sigset_t *, sigset_t *);

// The mask call as the program meant it, minus unblocking the owned signal and minus
// blocking the stop signal wholesale (world/stop_signal_mask.h).
static int FilteredMask(SigmaskFn real, int how, const sigset_t *set, sigset_t *old) {
  sigset_t program_set, stop_copy, copy;
  if (set) program_set = *set;  // `old` may be the same object
  StopSignalMaskCall call;
  FilterStopSignal(how, &set, &stop_copy, &call);
  int sig = OwnedSnapshotSignal();
  if (sig && set && (how == SIG_SETMASK || how == SIG_UNBLOCK)) {
    copy = *set;
    if (how == SIG_SETMASK) sigaddset(&copy, sig);
    else sigdelset(&copy, sig);
    set = &copy;
  }
  int r = real(how, set, old);
  if (r == 0) {
    if (sig && old) sigdelset(old, sig);
    AfterMaskCall(how, set ? &program_set : nullptr, old, call);
  }
  return r;
}

// Unblocks the owned signal in the calling thread for the life of the object (an exec,
// a spawn): the new program inherits the mask.
class ScopedOpenSignal {
 public:
  ScopedOpenSignal() : sig_(OwnedSnapshotSignal()) {
    if (!sig_) return;
    tls_snapshot_signal_open++;
    Mask(SIG_UNBLOCK);
  }
  ~ScopedOpenSignal() {
    if (!sig_) return;
    int saved = errno;
    if (OwnedSnapshotSignal()) Mask(SIG_BLOCK);
    tls_snapshot_signal_open--;
    errno = saved;
  }

 private:
  void Mask(int how) {
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, sig_);
    static SigmaskFn real_fn;
    Real(&real_fn, "pthread_sigmask")(how, &s, nullptr);
  }
  int sig_;
};

static void YieldIfWaitedFor(const sigset_t *set) {
  int sig = OwnedSnapshotSignal();
  if (sig && set && sigismember(set, sig) == 1) YieldSnapshotSignal("waits for", false);
}

}  // namespace leakscope

using namespace leakscope;

LS_INTERFACE int pthread_sigmask(int how, const sigset_t *set, sigset_t *old) {
  REAL(pthread_sigmask);
  return FilteredMask(real_pthread_sigmask, how, set, old);
}

LS_INTERFACE int sigprocmask(int how, const sigset_t *set, sigset_t *old) {
  REAL(sigprocmask);
  return FilteredMask(real_sigprocmask, how, set, old);
}

LS_INTERFACE int raise(int sig) {
  if (sig && sig == OwnedSnapshotSignal()) {
    CountSnapshotRequest();
    return 0;
  }
  REAL(raise);
  return real_raise(sig);
}

LS_INTERFACE int pthread_kill(pthread_t t, int sig) {
  if (sig && sig == OwnedSnapshotSignal()) {
    CountSnapshotRequest();
    return 0;
  }
  REAL(pthread_kill);
  return real_pthread_kill(t, sig);
}

LS_INTERFACE int sigwait(const sigset_t *set, int *sig) {
  YieldIfWaitedFor(set);
  REAL(sigwait);
  return real_sigwait(set, sig);
}

LS_INTERFACE int sigwaitinfo(const sigset_t *set, siginfo_t *info) {
  YieldIfWaitedFor(set);
  REAL(sigwaitinfo);
  return real_sigwaitinfo(set, info);
}

LS_INTERFACE int sigtimedwait(const sigset_t *set, siginfo_t *info, const struct timespec *t) {
  YieldIfWaitedFor(set);
  REAL(sigtimedwait);
  return real_sigtimedwait(set, info, t);
}

LS_INTERFACE int signalfd(int fd, const sigset_t *set, int flags) {
  YieldIfWaitedFor(set);
  REAL(signalfd);
  return real_signalfd(fd, set, flags);
}

// ---- exec-like calls ----------------------------------------------------------------
typedef int (*ExecveFn)(const char *, char *const[], char *const[]);
typedef int (*ExecvFn)(const char *, char *const[]);

LS_INTERFACE int execve(const char *path, char *const argv[], char *const envp[]) {
  REAL(execve);
  ScopedOpenSignal open;
  return real_execve(path, argv, envp);
}

LS_INTERFACE int execv(const char *path, char *const argv[]) {
  REAL(execv);
  ScopedOpenSignal open;
  return real_execv(path, argv);
}

LS_INTERFACE int execvp(const char *file, char *const argv[]) {
  REAL(execvp);
  ScopedOpenSignal open;
  return real_execvp(file, argv);
}

LS_INTERFACE int execvpe(const char *file, char *const argv[], char *const envp[]) {
  REAL(execvpe);
  ScopedOpenSignal open;
  return real_execvpe(file, argv, envp);
}

LS_INTERFACE int fexecve(int fd, char *const argv[], char *const envp[]) {
  REAL(fexecve);
  ScopedOpenSignal open;
  return real_fexecve(fd, argv, envp);
}

// execl, execlp, execle: the variadic forms, collected into an argv on the stack.
constexpr int kMaxExeclArgs = 4096;
#define COLLECT_ARGS(arg0, argv, n, ap)                          \
  const char *argv[kMaxExeclArgs + 1];                           \
  int n = 0;                                                     \
  for (const char *a = arg0; a && n < kMaxExeclArgs; a = va_arg(ap, const char *)) \
    argv[n++] = a;                                               \
  argv[n] = nullptr

LS_INTERFACE int execl(const char *path, const char *arg0, ...) {
  va_list ap;
  va_start(ap, arg0);
  COLLECT_ARGS(arg0, argv, n, ap);
  va_end(ap);
  if (n == kMaxExeclArgs) return errno = E2BIG, -1;
  return execv(path, (char *const *)argv);
}

LS_INTERFACE int execlp(const char *file, const char *arg0, ...) {
  va_list ap;
  va_start(ap, arg0);
  COLLECT_ARGS(arg0, argv, n, ap);
  va_end(ap);
  if (n == kMaxExeclArgs) return errno = E2BIG, -1;
  return execvp(file, (char *const *)argv);
}

LS_INTERFACE int execle(const char *path, const char *arg0, ...) {
  va_list ap;
  va_start(ap, arg0);
  COLLECT_ARGS(arg0, argv, n, ap);
  char *const *envp = va_arg(ap, char *const *);
  va_end(ap);
  if (n == kMaxExeclArgs) return errno = E2BIG, -1;
  return execve(path, (char *const *)argv, envp);
}

typedef int (*SpawnFn)(pid_t *, const char *, const posix_spawn_file_actions_t *,
                       const posix_spawnattr_t *, char *const[], char *const[]);

LS_INTERFACE int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *fa,
                             const posix_spawnattr_t *attr, char *const argv[],
                             char *const envp[]) {
  REAL(posix_spawn);
  ScopedOpenSignal open;
  return real_posix_spawn(pid, path, fa, attr, argv, envp);
}

LS_INTERFACE int posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *fa,
                              const posix_spawnattr_t *attr, char *const argv[],
                              char *const envp[]) {
  REAL(posix_spawnp);
  ScopedOpenSignal open;
  return real_posix_spawnp(pid, file, fa, attr, argv, envp);
}

LS_INTERFACE int system(const char *command) {
  REAL(system);
  ScopedOpenSignal open;
  return real_system(command);
}

LS_INTERFACE FILE *popen(const char *command, const char *type) {
  REAL(popen);
  ScopedOpenSignal open;
  return real_popen(command, type);
}

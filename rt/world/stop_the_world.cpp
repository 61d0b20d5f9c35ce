// Stop-the-world by signals (never ptrace, so the check works under gdb and strace,
// where LeakSanitizer's ptrace-based tracer gives up).
//
// The handshake, per stop (a generation number g, under the registry lock):
//   controller: t->stop_request = g; signals t (rt_tgsigqueueinfo, carrying a marker
//               value) for every registered Running thread except itself and
//               runtime threads
//   handler:    saves the interrupted SP and registers into t; t->stop_ack = g;
//               bumps g_acks (futex wake); sleeps on g_resumed until g_resumed >= g
//   controller: waits until every signalled thread has acknowledged (or is found
//               unable to: see below); runs the callback; g_resumed = g; wakes all.
// The registry lock is held throughout, so no thread is registered or unregistered
// while the world is stopped; a thread about to register waits on that lock.
//
// Threads that cannot stop:
//   * the signal cannot be sent (ESRCH): the thread exited between the registry read and the
//     signal. Nothing of it is scanned (its stack may already be gone).
//   * the thread blocks the signal (seen in /proc/self/task/TID/status after a short
//     wait), or does not answer within kStopTimeoutNs (stopped by a debugger, ...): a
//     warning, once, and the check scans its whole stack while it runs, and no
//     registers. The signal stays pending; the handler ignores it when it arrives
//     after the stop it was meant for.
//
// The handler is async-signal-safe: it touches its own slot, atomics and futexes, and
// preserves errno. It blocks every signal while it runs (signal_chain.cpp installs
// it), so no program handler runs on a stopped thread. A side effect the program can
// see: a stopped thread's interrupted system call is restarted (SA_RESTART) where the
// kernel allows it, but sleeps and waits with timeouts (nanosleep, poll, ...) return
// early with EINTR, as for any handled signal.
//
// Registers come from the signal frame's ucontext: the 16 general registers, the 16
// XMM registers, and from the frame's XSAVE image (standard format, offsets from CPUID
// leaf 0xD) the upper halves of the YMM registers and, on AVX-512 machines, the upper
// halves of ZMM0-15 and all of ZMM16-31 (glibc's EVEX string functions use those, so a
// pointer being copied can sit there). A component the image marks as in its initial
// state holds zeros and is skipped.
#include "world/stop_the_world.h"

#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include "base/futex.h"
#include "base/report_io.h"
#include "base/runtime_fd.h"
#include "options.h"
#include "world/signal_chain.h"
#include "world/threads.h"

namespace leakscope {

namespace {
int g_stop_signal;
u32 g_generation;      // last stop requested; controller only, registry locked
u32 g_resumed;         // last stop resumed; futex word the handlers sleep on
u32 g_acks;            // bumped by every acknowledging handler; futex word
// Vector register state beyond XMM in the XSAVE image: component number, size, offset
// (0: the CPU does not have it).
struct XsaveComponent {
  u32 feature, size;
  uptr offset;
};
XsaveComponent g_xsave[] = {
    {2, 256, 0},   // AVX: YMM0-15 upper halves
    {6, 512, 0},   // AVX-512 ZMM_Hi256: ZMM0-15 upper halves
    {7, 1024, 0},  // AVX-512 Hi16_ZMM: ZMM16-31
};
bool g_warned_unresponsive;
bool g_exclusive;  // see WorldIsExclusive; registry locked

constexpr u64 kBlockedCheckNs = 50 * 1000 * 1000ull;  // then look for a blocked signal
constexpr u64 kStopTimeoutNs = 5000 * 1000 * 1000ull;  // no acknowledgement at all
constexpr uptr kStopMarker = 0x4c53544f50ull;  // "LSTOP": the value of a stop request
constexpr u32 kFxsaveSize = 512;
constexpr u32 kXstateMagic1 = 0x46505853;  // "FPXS": the kernel wrote an XSAVE image
}  // namespace

// ---- The handler (runs on the stopped thread) -----------------------------------------
static void SaveRegisters(ThreadContext *t, ucontext_t *uc) {
  static const int kGprs[16] = {REG_RAX, REG_RBX, REG_RCX, REG_RDX, REG_RSI, REG_RDI,
                                REG_RBP, REG_RSP, REG_R8,  REG_R9,  REG_R10, REG_R11,
                                REG_R12, REG_R13, REG_R14, REG_R15};
  u32 n = 0;
  for (int r : kGprs) t->saved_regs[n++] = (uptr)uc->uc_mcontext.gregs[r];
  t->saved_sp = (uptr)uc->uc_mcontext.gregs[REG_RSP];
  t->saved_pc = (uptr)uc->uc_mcontext.gregs[REG_RIP];
  const u8 *fx = (const u8 *)uc->uc_mcontext.fpregs;
  if (fx) {
    // XMM0-15 at offset 160 of the FXSAVE area.
    memcpy(&t->saved_regs[n], fx + 160, 256);
    n += 32;
    // The last 48 bytes of the FXSAVE area are the kernel's "software reserved"
    // bytes: magic1, extended size, xfeatures, xstate size.
    u32 magic1, xstate_size;
    memcpy(&magic1, fx + 464, 4);
    memcpy(&xstate_size, fx + 464 + 16, 4);
    if (magic1 == kXstateMagic1) {
      u64 xstate_bv;  // XSAVE header, first word: which components are not in init state
      memcpy(&xstate_bv, fx + kFxsaveSize, 8);
      for (const XsaveComponent &x : g_xsave) {
        if (!x.offset || !(xstate_bv & (1ull << x.feature)) || xstate_size < x.offset + x.size)
          continue;
        memcpy(&t->saved_regs[n], fx + x.offset, x.size);
        n += x.size / sizeof(uptr);
      }
    }
  }
  t->num_saved_regs = n;
}

static void StopHandler(int sig, siginfo_t *si, void *uc) {
  int saved_errno = errno;
  bool ours = si && si->si_code == SI_QUEUE && si->si_pid == getpid() &&
              si->si_value.sival_ptr == (void *)kStopMarker;
  ThreadContext *t = CurrentThreadContext();
  u32 request = t ? __atomic_load_n(&t->stop_request, __ATOMIC_ACQUIRE) : 0;
  bool pending = ours && request &&
                 (int)(request - __atomic_load_n(&g_resumed, __ATOMIC_ACQUIRE)) > 0 &&
                 __atomic_load_n(&t->stop_ack, __ATOMIC_RELAXED) != request;
  if (!pending) {
    // A late request (the stop is over) is dropped; anything else is the program's.
    if (!ours) ForwardToProgramHandler(sig, si, uc);
    errno = saved_errno;
    return;
  }
  SaveRegisters(t, (ucontext_t *)uc);
  __atomic_store_n(&t->stop_ack, request, __ATOMIC_RELEASE);
  __atomic_fetch_add(&g_acks, 1, __ATOMIC_RELEASE);
  FutexWake(&g_acks, 1);
  for (;;) {
    u32 r = __atomic_load_n(&g_resumed, __ATOMIC_ACQUIRE);
    if ((int)(request - r) <= 0) break;
    FutexWait(&g_resumed, r);
  }
  errno = saved_errno;
}

// ---- The controller -----------------------------------------------------------------------
// Whether thread `tid` has signal `sig` blocked, from /proc (no allocation).
static bool SignalBlocked(pid_t tid, int sig) {
  char path[64], buf[4096];
  snprintf(path, sizeof(path), "/proc/self/task/%d/status", (int)tid);
  int fd = KeepOffStdio(open(path, O_RDONLY | O_CLOEXEC));
  if (fd < 0) return false;
  ssize_t n = read(fd, buf, sizeof(buf) - 1);
  close(fd);
  if (n <= 0) return false;
  buf[n] = 0;
  const char *p = strstr(buf, "\nSigBlk:");
  if (!p) return false;
  p += 8;
  while (*p == ' ' || *p == '\t') p++;
  u64 mask = 0;
  for (; *p && *p != '\n'; p++) {
    int d = *p >= '0' && *p <= '9' ? *p - '0' : *p >= 'a' && *p <= 'f' ? *p - 'a' + 10 : -1;
    if (d < 0) break;
    mask = mask << 4 | (u64)d;
  }
  return (mask >> (sig - 1)) & 1;
}

static void WarnUnresponsive(ThreadContext *t, const char *why) {
  if (g_warned_unresponsive) return;
  g_warned_unresponsive = true;
  Warn("thread %d %s signal %d (stop_signal); the leak check scans its whole stack while it "
       "runs, and not its registers",
       (int)t->tid, why, g_stop_signal);
}

// Collects acknowledgements; returns the number of threads still not stopped.
static int CollectAcks(u32 gen) {
  int waiting = 0;
  for (int i = 0; i < ThreadSlots(); i++) {
    ThreadContext *t = ThreadAt(i);
    if (t->stop_state != kStopRequested) continue;
    if (__atomic_load_n(&t->stop_ack, __ATOMIC_ACQUIRE) == gen) t->stop_state = kStopped;
    else waiting++;
  }
  return waiting;
}

static void GiveUpOn(bool only_blocked) {
  for (int i = 0; i < ThreadSlots(); i++) {
    ThreadContext *t = ThreadAt(i);
    if (t->stop_state != kStopRequested) continue;
    bool blocked = SignalBlocked(t->tid, g_stop_signal);
    if (only_blocked && !blocked) continue;
    t->stop_state = kStopUnresponsive;
    WarnUnresponsive(t, blocked ? "blocks" : "does not answer");
  }
}

// A queued signal carries a value, which tells a stop request apart from the same
// signal sent by the program (raise, pthread_kill: SI_TKILL) or the kernel.
static long SendStopRequest(pid_t pid, pid_t tid) {
  siginfo_t info;
  memset(&info, 0, sizeof(info));
  info.si_signo = g_stop_signal;
  info.si_code = SI_QUEUE;
  info.si_pid = pid;
  info.si_uid = getuid();
  info.si_value.sival_ptr = (void *)kStopMarker;
  return syscall(SYS_rt_tgsigqueueinfo, pid, tid, g_stop_signal, &info);
}

static void StopTheWorld(u32 gen) {
  ThreadContext *self = CurrentThreadContext();
  pid_t pid = getpid();
  for (int i = 0; i < ThreadSlots(); i++) {
    ThreadContext *t = ThreadAt(i);
    t->stop_state = kStopNone;
    if (t->status != kThreadRunning || t->runtime_thread || t == self) continue;
    __atomic_store_n(&t->stop_request, gen, __ATOMIC_RELEASE);
    t->stop_state = kStopRequested;
    if (SendStopRequest(pid, t->tid) != 0)
      t->stop_state = errno == ESRCH ? kStopGone : kStopUnresponsive;
  }
  u64 start = MonotonicNanos();
  bool checked_blocked = false;
  for (;;) {
    u32 acks = __atomic_load_n(&g_acks, __ATOMIC_ACQUIRE);
    if (!CollectAcks(gen)) return;
    u64 waited = MonotonicNanos() - start;
    if (!checked_blocked && waited >= kBlockedCheckNs) {
      checked_blocked = true;
      GiveUpOn(true);
      continue;
    }
    if (waited >= kStopTimeoutNs) {
      GiveUpOn(false);
      return;
    }
    FutexWait(&g_acks, acks, 10 * 1000 * 1000);
  }
}

// Threads of the process, from /proc/self/task, with getdents64 (no allocation: a
// stopped thread may hold the allocator's locks). -1 when unknown.
static int CountTasks() {
  int fd = KeepOffStdio(open("/proc/self/task", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd < 0) return -1;
  char buf[4096];
  int n = 0;
  for (;;) {
    long got = syscall(SYS_getdents64, fd, buf, sizeof(buf));
    if (got < 0) {
      n = -1;
      break;
    }
    if (got == 0) break;
    for (long off = 0; off < got;) {
      struct Dirent {
        u64 ino;
        int64_t off;
        unsigned short reclen;
        unsigned char type;
        char name[1];
      };
      const Dirent *d = (const Dirent *)(buf + off);
      if (d->name[0] != '.') n++;
      off += d->reclen;
    }
  }
  close(fd);
  return n;
}

static bool ComputeExclusive() {
  int expected = 1;  // the caller
  ThreadContext *self = CurrentThreadContext();
  for (int i = 0; i < ThreadSlots(); i++) {
    ThreadContext *t = ThreadAt(i);
    if (t == self) continue;
    if (t->stop_state == kStopUnresponsive) return false;
    if (t->stop_state == kStopped) expected++;
    else if (t->status == kThreadRunning && t->runtime_thread) expected++;
  }
  int tasks = CountTasks();
  return tasks > 0 && tasks <= expected;
}

bool WorldIsExclusive() { return g_exclusive; }

static void ResumeTheWorld(u32 gen) {
  g_exclusive = false;
  __atomic_store_n(&g_resumed, gen, __ATOMIC_RELEASE);
  FutexWake(&g_resumed, 0x7fffffff);
}

// The locks of the inventory marked `world` (base/locks.h) are taken after the
// registry's (their rank is higher) and before any thread stops: a thread stopped while
// holding one would hold it until the callback that needs it had returned.
void RunWithWorldStopped(StoppedWorldCallback cb, void *arg) {
  ThreadRegistryLock();
  LockForStoppedWorld();
  u32 gen = ++g_generation;
  if (!gen) gen = ++g_generation;  // 0 means "no request"
  StopTheWorld(gen);
  g_exclusive = ComputeExclusive();
  cb(arg);  // never throws; a Fatal() inside ends the process, stopped threads included
  ResumeTheWorld(gen);
  UnlockForStoppedWorld();
  ThreadRegistryUnlock();
}

static bool UsableStopSignal(int sig) {
  switch (sig) {
    case SIGKILL: case SIGSTOP: case SIGSEGV: case SIGBUS: case SIGILL: case SIGFPE:
    case SIGABRT: case SIGTRAP: case SIGSYS:
      return false;
  }
  return sig > 0 && sig < NSIG;
}

void InitStopTheWorld() {
  g_stop_signal = g_options.stop_signal;
  if (!UsableStopSignal(g_stop_signal))
    Fatal("stop_signal=%d cannot be used to stop threads (a catchable signal 1..%d, not "
          "SIGKILL, SIGSTOP or a fault signal)",
          g_stop_signal, NSIG - 1);
  // CPUID leaf 0xD, sub-leaf = component: size and offset of that component in the
  // standard XSAVE format, which the kernel uses for signal frames.
  for (XsaveComponent &x : g_xsave) {
    unsigned eax, ebx, ecx, edx;
    if (__get_cpuid_count(0xD, x.feature, &eax, &ebx, &ecx, &edx) && eax == x.size) x.offset = ebx;
  }
  InstallChainedHandler(g_stop_signal, StopHandler);
}

int StopSignal() { return g_stop_signal; }

}  // namespace leakscope

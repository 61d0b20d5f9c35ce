// See thread_waits.h for what the saved registers mean for each kind of wait.
#include "world/thread_waits.h"

#include <linux/futex.h>
#include <sys/syscall.h>

#include "world/threads.h"

namespace leakscope {

// Indices into ThreadContext::saved_regs (the order SaveRegisters writes them).
enum { kRax = 0, kRdx = 3, kRsi = 4, kRdi = 5, kR10 = 10 };

const char *SyscallName(u32 nr) {
  switch (nr) {
    case SYS_read: return "read";
    case SYS_readv: return "readv";
    case SYS_pread64: return "pread64";
    case SYS_write: return "write";
    case SYS_poll: return "poll";
    case SYS_ppoll: return "ppoll";
    case SYS_select: return "select";
    case SYS_pselect6: return "pselect6";
    case SYS_epoll_wait: return "epoll_wait";
    case SYS_epoll_pwait: return "epoll_pwait";
    case SYS_accept: return "accept";
    case SYS_accept4: return "accept4";
    case SYS_connect: return "connect";
    case SYS_recvfrom: return "recvfrom";
    case SYS_recvmsg: return "recvmsg";
    case SYS_sendto: return "sendto";
    case SYS_sendmsg: return "sendmsg";
    case SYS_wait4: return "wait4";
    case SYS_waitid: return "waitid";
    case SYS_pause: return "pause";
    case SYS_rt_sigsuspend: return "rt_sigsuspend";
    case SYS_rt_sigtimedwait: return "rt_sigtimedwait";
    case SYS_nanosleep: return "nanosleep";
    case SYS_clock_nanosleep: return "clock_nanosleep";
    case SYS_futex: return "futex";
    case SYS_flock: return "flock";
    case SYS_fcntl: return "fcntl";
    case SYS_msgrcv: return "msgrcv";
    case SYS_semop: return "semop";
  }
  return nullptr;
}

ThreadWait ClassifyWait(const ThreadContext *t, bool (*readable)(uptr addr)) {
  ThreadWait w = {};
  if (t->stop_state != kStopped || !t->saved_pc || t->num_saved_regs < 16) return w;
  const uptr *r = t->saved_regs;
  const u8 *pc = (const u8 *)t->saved_pc;
  // The PC is where the thread was interrupted, so its page is mapped code; the bytes
  // around it are read only where they stay on that page.
  uptr in_page = t->saved_pc & (kPageSize - 1);
  bool at_syscall = in_page + 2 <= kPageSize && pc[0] == 0x0f && pc[1] == 0x05;
  bool after_syscall = in_page >= 2 && pc[-2] == 0x0f && pc[-1] == 0x05;
  if (!at_syscall) {
    if (after_syscall && (long)r[kRax] == -4) w.kind = kWaitTimed;  // EINTR
    return w;
  }
  uptr nr = r[kRax];
  if (nr != SYS_futex) {
    if (nr < 1024) {  // a restarted blocking call; anything else is not one
      w.kind = kWaitSyscall;
      w.syscall = (u32)nr;
      w.args[0] = r[kRdi];
      w.args[1] = r[kRsi];
      w.args[2] = r[kRdx];
    }
    return w;
  }
  u32 op = (u32)r[kRsi] & FUTEX_CMD_MASK;
  uptr addr = r[kRdi];
  bool wait_op = op == FUTEX_WAIT || op == FUTEX_WAIT_BITSET;
  if (!wait_op || r[kR10] != 0 || (addr & 3)) {
    // A timed wait, a PI lock or requeue: treated as a timed wait, never a leak.
    w.kind = kWaitTimed;
    return w;
  }
  w.syscall = (u32)nr;
  w.futex = addr;
  if (!readable(addr)) return w;  // kWaitNone: a root
  u32 now = __atomic_load_n((const u32 *)addr, __ATOMIC_RELAXED);
  if (now != (u32)r[kRdx]) return w;  // the word changed: the wait returns at once
  w.kind = kWaitFutex;
  return w;
}

}  // namespace leakscope

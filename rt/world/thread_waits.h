// What a stopped thread waits on, learned from the registers its stop handler saved
// (stop_the_world.cpp), never from ptrace.
//
// Why registers and not /proc: /proc/self/task/TID/syscall (readable by any thread of
// the process) shows `202 0xUADDR ...` for a thread blocked in a futex wait, but only
// while it is blocked; once the stop signal has arrived, it shows the stop handler's
// own wait. The interrupted registers keep what the kernel left when the signal
// interrupted the system call. On x86-64 Linux, with the handler installed SA_RESTART:
//
//   untimed futex wait, read(), accept(), ...  -ERESTARTSYS: the kernel rewinds the
//       thread to its `syscall` instruction (saved PC points at 0f 05) and puts the
//       syscall number back in RAX; RDI, RSI, RDX, R10 keep the arguments;
//   timed waits (clock_nanosleep, a futex wait with a timeout, poll with a timeout)
//       return -EINTR: PC just past 0f 05, RAX = -4 (checked on Linux 6.x, glibc 2.36).
//
// A thread whose saved PC points at a `syscall` instruction with RAX = futex and a
// FUTEX_WAIT / FUTEX_WAIT_BITSET operation without a timeout executes that futex
// wait as soon as it resumes, whether it was already inside it or about to enter it:
// the two cannot be told apart and need not be. It sleeps then only if the futex word
// still holds the expected value (RDX); ClassifyWait reads the word, with the world
// stopped, and a thread whose word changed is running (it returns at once). So a
// thread just entering or leaving a wait is never "blocked": leaving means the word
// changed or the call already returned (RAX holds its result, PC past the syscall).
//
// Nothing here allocates or takes a lock; it runs with the world stopped.
#pragma once

#include "base/common.h"

namespace leakscope {

struct ThreadContext;

enum WaitKind : u32 {
  kWaitNone = 0,     // running (or unknown): a root
  kWaitFutex = 1,    // an untimed futex wait that will sleep: a thread-leak candidate
  kWaitSyscall = 2,  // blocked in another system call (read, poll, accept, ...): never a leak
  kWaitTimed = 3,    // a system call the stop signal interrupted with EINTR (a sleep or
                     // a timed wait): never a leak
};

struct ThreadWait {
  WaitKind kind;
  uptr futex;   // kWaitFutex: the futex word's address
  u32 syscall;  // kWaitFutex, kWaitSyscall: the system call number
  uptr args[3]; // kWaitSyscall: its first three arguments
};

// Classifies a thread stopped in the stop handler (stop_state == kStopped).
// `readable(addr)` tells whether the futex word may be read (the caller knows which
// memory is the heap); an unreadable word makes the thread count as running.
ThreadWait ClassifyWait(const ThreadContext *t, bool (*readable)(uptr addr));

// A short name for a system call number ("read", "poll", ...), or nullptr.
const char *SyscallName(u32 nr);

}  // namespace leakscope

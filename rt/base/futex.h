// Futex primitives for the runtime's blocking waits: the stop-the-world handshake and
// the thread registry's mutex.
//
// Why not SpinLock (common.h): the registry lock is held for the whole leak check
// (seconds on a big heap), and a thread that wants it meanwhile (a thread being
// created, or exiting) would burn a core spinning. Why not pthread_mutex: the program
// may interpose pthread functions, and FutexWait is async-signal-safe, so the stop
// signal's handler can block on it. Every wait is private to the process (and valid
// in a forked child, whose copies of the words start unlocked where fork.cpp says so).
#pragma once

#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "base/common.h"

namespace leakscope {

// Sleeps while *addr == expected, at most `timeout_ns` (0: no limit). Returns on a
// wake-up, a timeout, a signal or a spurious wake-up: callers re-check their condition.
inline void FutexWait(u32 *addr, u32 expected, u64 timeout_ns = 0) {
  struct timespec ts, *tsp = nullptr;
  if (timeout_ns) {
    ts.tv_sec = (time_t)(timeout_ns / 1000000000);
    ts.tv_nsec = (long)(timeout_ns % 1000000000);
    tsp = &ts;
  }
  syscall(SYS_futex, addr, FUTEX_WAIT_PRIVATE, expected, tsp, nullptr, 0);
}

inline void FutexWake(u32 *addr, int count) {
  syscall(SYS_futex, addr, FUTEX_WAKE_PRIVATE, count, nullptr, nullptr, 0);
}

// A mutex whose waiters sleep in the kernel. state_: 0 unlocked, 1 locked, 2 locked
// with (possible) waiters; Unlock wakes one waiter only in state 2.
class Mutex {
 public:
  void Lock() {
    u32 c = 0;
    if (__atomic_compare_exchange_n(&state_, &c, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
      return;
    if (c != 2) c = __atomic_exchange_n(&state_, 2, __ATOMIC_ACQUIRE);
    while (c != 0) {
      FutexWait(&state_, 2);
      c = __atomic_exchange_n(&state_, 2, __ATOMIC_ACQUIRE);
    }
  }
  void Unlock() {
    if (__atomic_exchange_n(&state_, 0, __ATOMIC_RELEASE) == 2) FutexWake(&state_, 1);
  }
  // Only in a forked child, where no other thread exists to hold it.
  void ResetAfterFork() { state_ = 0; }

 private:
  u32 state_ = 0;
};

template <typename L>
class ScopedLockOf {
 public:
  explicit ScopedLockOf(L *l) : l_(l) { l_->Lock(); }
  ~ScopedLockOf() { l_->Unlock(); }

 private:
  L *l_;
};

inline u64 MonotonicNanos() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (u64)ts.tv_sec * 1000000000ull + (u64)ts.tv_nsec;
}

}  // namespace leakscope

// Futex primitives for the runtime's blocking waits: the stop-the-world handshake and
// the Mutex of base/locks.h.
//
// Why not pthread_mutex: the program may interpose pthread functions, and FutexWait is
// async-signal-safe, so the stop signal's handler can block on it. Every wait is
// private to the process (and valid in a forked child: fork.cpp holds every lock across
// fork, so the child's copies start unlocked).
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

inline u64 MonotonicNanos() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (u64)ts.tv_sec * 1000000000ull + (u64)ts.tv_nsec;
}

}  // namespace leakscope

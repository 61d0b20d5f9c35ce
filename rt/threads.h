// The thread registry: every thread of the program with the facts the leak check needs
// (stack bounds, kernel tid, the registers saved while it is stopped).
//
// Threads enter through the pthread_create interceptor (threads.cpp), which runs the
// start routine inside a wrapper that records the stack bounds; the main thread is
// registered at init. The registry is a fixed array guarded by one spin lock; slots of
// finished threads are reused.
#pragma once

#include <pthread.h>
#include <sys/types.h>

#include "common.h"

namespace leakscope {

constexpr int kMaxThreads = 4096;

enum ThreadStatus : u32 { kThreadUnused = 0, kThreadRunning = 1, kThreadFinished = 2 };

struct ThreadContext {
  u32 status;
  pid_t tid;
  pthread_t handle;
  uptr stack_lo, stack_hi;  // [lo, hi)
  uptr tls_lo, tls_hi;      // static TLS block, when known
  bool runtime_thread;      // a LeakScope thread: never stopped, never scanned
  // Filled by the stop-the-world handler.
  uptr saved_sp;
  uptr saved_regs[32 + 32];  // general registers, then XMM registers (as words)
  u32 num_saved_regs;
};

// Bounds of the calling thread's stack, for the unwinder; 0 when unknown.
extern __thread uptr tls_stack_hi __attribute__((tls_model("initial-exec")));
extern __thread uptr tls_stack_lo __attribute__((tls_model("initial-exec")));

void InitThreads();
// Registers the calling thread; returns its slot.
ThreadContext *RegisterCurrentThread(bool runtime_thread);
void UnregisterCurrentThread();

void ThreadRegistryLock();
void ThreadRegistryUnlock();
// Iterates registered, running threads. Call with the registry locked.
ThreadContext *ThreadAt(int i);
int ThreadSlots();

pid_t GetTid();
// Reads the calling thread's stack bounds.
void GetCurrentThreadStack(uptr *lo, uptr *hi);

}  // namespace leakscope

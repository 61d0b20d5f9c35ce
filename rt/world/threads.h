// Component world/: the thread registry and thread interceptors, signal chaining,
// stop-the-world, TLS. May call base/, stacks/ and heap/.
//
// The thread registry: every thread of the program with the facts the leak check needs
// (stack bounds, thread pointer, kernel tid, the registers saved while it is stopped,
// and the heap pointers the thread library holds on its behalf).
//
// A slot's life (status), all transitions under the registry lock:
//
//   Unused --pthread_create--> Created --thread starts--> Running --thread exits-->
//     Finished --pthread_join / pthread_detach--> Unused
//   (a detached thread goes from Running straight to Unused; the main thread is
//   registered Running at init; a forked child keeps only the forking thread.)
//
// What each status keeps alive for the leak check:
//   Created   start_arg: the argument of a thread that has not started yet lives only
//             here (the StartArgs of the pthread_create interceptor);
//   Running   stack, registers, TLS (stop_the_world.cpp, thread_roots.cpp), and
//             start_arg until the thread has it in its own frame;
//   Finished  retval: what the start routine returned or passed to pthread_exit,
//             until pthread_join hands it over (or pthread_detach drops it).
//
// The registry is a fixed array of kMaxThreads slots in internal memory, guarded by a
// futex mutex that the leak check holds while the world is stopped; slots are reused.
// The lifecycle interceptors are in thread_interceptors.cpp.
#pragma once

#include <pthread.h>
#include <sys/types.h>

#include "base/common.h"
#include "base/locks.h"
#include "stacks/stack_bounds.h"

namespace leakscope {

constexpr int kMaxThreads = 4096;
// General registers (16), XMM registers (16 x 2 words), upper YMM halves (16 x 2 words),
// upper ZMM0-15 halves (16 x 4 words), ZMM16-31 (16 x 8 words).
constexpr int kMaxSavedRegs = 16 + 32 + 32 + 64 + 128;

enum ThreadStatus : u32 {
  kThreadUnused = 0,
  kThreadRunning = 1,
  kThreadFinished = 2,
  kThreadCreated = 3,
};

// The outcome of the last stop-the-world request for a thread (stop_the_world.cpp).
enum StopState : u32 {
  kStopNone = 0,          // not asked to stop (not running, a runtime thread, the caller)
  kStopRequested = 1,     // signalled, no acknowledgement yet
  kStopped = 2,           // stopped in the handler: saved_sp and saved_regs are valid
  kStopGone = 3,          // exited before it could be signalled: nothing to scan
  kStopUnresponsive = 4,  // blocks the signal or did not answer: scanned while running
};

struct ThreadContext {
  u32 status;
  pid_t tid;
  pthread_t handle;
  uptr stack_lo, stack_hi;  // [lo, hi); 0 while the new thread has not read them yet
  uptr thread_pointer;      // %fs base (glibc: the struct pthread, with the static TLS below)
  bool runtime_thread;      // a LeakScope thread: never stopped, never scanned
  bool detached;            // its slot is freed when it exits
  bool c11;                 // started by thrd_create: start_routine returns int
  bool stop_signal_hidden;  // the creator's belief, inherited (world/stop_signal_mask.h)
  // Lifecycle roots (see the table above).
  void *(*start_routine)(void *);
  void *start_arg;
  void *retval;
  // Stop-the-world handshake: the controller writes stop_request (a generation) and
  // then signals; the handler fills saved_* and then writes stop_ack = stop_request.
  u32 stop_request;
  u32 stop_ack;
  u32 stop_state;
  u32 num_saved_regs;
  uptr saved_sp;
  uptr saved_pc;         // the interrupted instruction (thread_waits.h reads it)
  u32 creation_stack;    // depot id of where pthread_create was called (0: unknown)
  uptr saved_regs[kMaxSavedRegs];
};


void InitThreads();
// Registers the calling thread as Running; returns its slot. A runtime thread calls it
// with true first thing, even when it was started through pthread_create.
ThreadContext *RegisterCurrentThread(bool runtime_thread);
// Marks the calling thread finished (or frees its slot when it is detached).
void UnregisterCurrentThread();
// The calling thread's slot, or nullptr. Async-signal-safe.
ThreadContext *CurrentThreadContext();

// ---- Lifecycle, for thread_interceptors.cpp -------------------------------------------
// Reserves a Created slot for a thread about to be created; nullptr when full.
ThreadContext *ReserveThread(void *(*start)(void *), void *arg, bool detached);
// pthread_create succeeded: the handle is known before the thread may have started.
void SetReservedThreadHandle(ThreadContext *t, pthread_t handle);
// pthread_create failed: the slot goes back.
void CancelReservedThread(ThreadContext *t);
// Called first thing on the new thread: claims its Created slot and makes it Running.
void StartReservedThread(ThreadContext *t);
// Makes the calling thread's exit run UnregisterCurrentThread (after the program's own
// key destructors) and drain its allocator cache.
void ArmThreadExitHook();
// Records the value the calling thread exits with (start routine or pthread_exit).
void SetCurrentThreadRetval(void *retval);
// pthread_join succeeded / pthread_detach succeeded for `handle`.
void OnThreadJoined(pthread_t handle);
void OnThreadDetached(pthread_t handle);

// ---- Iteration ---------------------------------------------------------------------------
// Rank kThreadRegistry, a Mutex: the leak check holds it while the world is stopped.
extern Mutex g_registry_lock;
void ThreadRegistryLock() LS_ACQUIRE(g_registry_lock);
void ThreadRegistryUnlock() LS_RELEASE(g_registry_lock);
// Slots 0 .. ThreadSlots()-1, any status. Call with the registry locked.
ThreadContext *ThreadAt(int i);
int ThreadSlots();

// fork.cpp: in the child, the registry keeps only the calling thread. Called while
// fork.cpp still holds every lock (the registry's included).
void ThreadRegistryAfterForkChild();

pid_t GetTid();
// Reads the calling thread's stack bounds.
void GetCurrentThreadStack(uptr *lo, uptr *hi);

}  // namespace leakscope

// The clock thread: advances the access epoch (heap/epoch_clock.h) every
// epoch_period_ms, so shadow stamps measure time even when nobody takes snapshots.
//
// A runtime thread (never stopped, never scanned) started from a constructor, like the
// snapshot thread: the static runtime initialises before libc is ready for threads. It
// sleeps with nanosleep and does nothing else but advance (and, every kSweepEvery
// epochs, the sweep the advance runs). A forked child gets its own clock thread.
// With verbosity >= 1 the number of epochs is printed at exit.
#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/report_io.h"
#include "heap/allocator.h"
#include "heap/epoch_clock.h"
#include "options.h"
#include "world/stop_signal_mask.h"
#include "world/threads.h"

namespace leakscope {

typedef int (*PthreadCreateFn)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);

static void *ClockThread(void *) {
  BlockAllSignalsInRuntimeThread();
  tls_disable_depth++;  // pthread_getattr_np's temporary block (see snapshot_trigger.cpp)
  RegisterCurrentThread(true);
  tls_disable_depth--;
  long ms = g_options.epoch_period_ms;
  struct timespec period = {ms / 1000, (ms % 1000) * 1000000};
  for (;;) {
    struct timespec left = period;
    while (nanosleep(&left, &left)) {
    }
    AdvanceEpoch();
  }
  return nullptr;
}

static void StartClockThread() {
  if (g_options.epoch_period_ms <= 0) return;
  PthreadCreateFn real = (PthreadCreateFn)dlsym(RTLD_NEXT, "pthread_create");
  if (!real) {
    Warn("cannot find the real pthread_create; the access epoch advances only on snapshots");
    return;
  }
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t t;
  int err;
  {
    ScopedRuntimeAllocations runtime;  // libc's TLS vector for the runtime's thread
    err = real(&t, &attr, ClockThread, nullptr);
  }
  pthread_attr_destroy(&attr);
  if (err) {
    Warn("cannot start the epoch clock thread: %s", strerror(err));
    return;
  }
  pthread_setname_np(t, "leakscope-clock");
}

// The fork handlers (fork.cpp) released the epoch lock in the child.
static void ChildAfterFork() { StartClockThread(); }

static void PrintEpochsAtExit() {
  if (g_options.verbosity >= 1)
    Warn("epoch clock: %u epoch(s) advanced (epoch_period_ms=%d), %u shadow sweep(s)",
         EpochsAdvanced(), g_options.epoch_period_ms, SweepsDone());
}

static bool g_started;

}  // namespace leakscope

using namespace leakscope;

// After init.cpp's constructor (101) and after InitRuntime in the static runtime.
__attribute__((constructor(102))) static void LeakScopeStartClockThread() {
  if (*(volatile bool *)&g_started) return;
  g_started = true;
  atexit(PrintEpochsAtExit);
  pthread_atfork(nullptr, nullptr, ChildAfterFork);
  StartClockThread();
}

// Raw clone() helper threads (helper_threads.h).
#include "world/helper_threads.h"

#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23  // Linux 5.14; older kernels say EINVAL
#endif

#include "base/runtime_mappings.h"
#include "options.h"
#include "world/stop_signal_mask.h"

namespace leakscope {

static constexpr uptr kHelperStack = 256 * 1024;

static int HelperMain(void *arg) {
  HelperThread *h = (HelperThread *)arg;
  BlockAllSignalsInRuntimeThread();
  return h->fn(h->arg);
}

bool StartHelperThread(HelperThread *h, int (*fn)(void *arg), void *arg) {
  h->fn = fn;
  h->arg = arg;
  h->stack = mmap(nullptr, kHelperStack, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (h->stack == MAP_FAILED) return false;
  RegisterRuntimeMapping(h->stack, kHelperStack);
  int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |
              CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
  h->tid = 0;
  int tid = clone(HelperMain, (char *)h->stack + kHelperStack, flags, h, &h->tid, nullptr, &h->tid);
  if (tid <= 0) {
    UnregisterRuntimeMapping(h->stack);
    munmap(h->stack, kHelperStack);
    return false;
  }
  return true;
}

void JoinHelperThread(HelperThread *h) {
  pid_t tid;
  while ((tid = __atomic_load_n(&h->tid, __ATOMIC_ACQUIRE)) != 0)
    syscall(SYS_futex, &h->tid, FUTEX_WAIT, tid, nullptr, nullptr, 0);
  UnregisterRuntimeMapping(h->stack);
  munmap(h->stack, kHelperStack);
}

void BackgroundPrefault::Add(void *p, uptr bytes) {
  if (count_ < kMaxRanges && p && bytes) ranges_[count_++] = {p, bytes};
}

int BackgroundPrefault::Main(void *arg) {
  BackgroundPrefault *b = (BackgroundPrefault *)arg;
  for (int i = 0; i < b->count_; i++) {
    // Whole pages inside the range (the array's mapping starts on a page).
    uptr lo = RoundUp((uptr)b->ranges_[i].p, kPageSize);
    uptr hi = RoundDown((uptr)b->ranges_[i].p + b->ranges_[i].bytes, kPageSize);
    if (hi > lo) madvise((void *)lo, hi - lo, MADV_POPULATE_WRITE);  // a failure only costs time
  }
  return 0;
}

void BackgroundPrefault::Start() {
  if (count_ && WorkerCount() > 1) started_ = StartHelperThread(&thread_, Main, this);
}

void BackgroundPrefault::Wait() {
  if (started_) JoinHelperThread(&thread_);
  started_ = false;
}

BackgroundPrefault::~BackgroundPrefault() { Wait(); }

int WorkerCount() {
  int n = g_options.mark_threads;
  if (n <= 0) {
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    n = cpus < 1 ? 1 : cpus > 4 ? 4 : (int)cpus;
  }
  return n;
}

}  // namespace leakscope

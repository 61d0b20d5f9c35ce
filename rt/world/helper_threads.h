// Helper threads for work done while the world is stopped (the marker's flood fill, the
// heap graph capture): raw clone() threads on their own mmap'd stacks. A stopped thread
// may hold a lock pthread_create needs (its stack cache, or our allocator's, through TLS
// setup), so these threads are not pthreads. They have no TLS of their own (they run on
// their creator's): the code they run touches none, only the heap layout, internal
// mappings (InternalVector) and syscalls; the one read is base/internal_alloc's array
// reuse scope, which tells a helper from its creator by the kernel thread id. Every
// signal is blocked in them.
#pragma once

#include <sys/types.h>

#include "base/common.h"

namespace leakscope {

struct HelperThread {
  int (*fn)(void *arg);
  void *arg;
  pid_t tid;  // cleared by the kernel (CLONE_CHILD_CLEARTID) when the helper exits
  void *stack;
};

// Starts fn(arg) on a helper thread; false when it cannot (no memory, clone failed).
bool StartHelperThread(HelperThread *h, int (*fn)(void *arg), void *arg);
// Waits for a started helper to return and frees its stack.
void JoinHelperThread(HelperThread *h);

// Faults in the pages of big fresh arrays on a helper thread while the caller goes on
// working (madvise MADV_POPULATE_WRITE, which leaves the contents as they are, so the
// caller may write the same memory meanwhile): the page faults leave the caller's
// critical path. Ranges are populated in the order added; the destructor waits. When
// no helper can start, nothing is populated (the caller faults the pages itself).
class BackgroundPrefault {
 public:
  BackgroundPrefault() = default;
  BackgroundPrefault(const BackgroundPrefault &) = delete;
  BackgroundPrefault &operator=(const BackgroundPrefault &) = delete;
  ~BackgroundPrefault();
  void Add(void *p, uptr bytes);  // before Start; at most kMaxRanges
  void Start();
  void Wait();  // until the helper is done (also before any range is unmapped)

 private:
  static int Main(void *arg);
  static constexpr int kMaxRanges = 8;
  struct Range {
    void *p;
    uptr bytes;
  } ranges_[kMaxRanges];
  int count_ = 0;
  bool started_ = false;
  HelperThread thread_;
};

// The number of threads the marker and the capture work with: mark_threads, or the
// online CPUs (at most 4) when it is 0.
int WorkerCount();

}  // namespace leakscope

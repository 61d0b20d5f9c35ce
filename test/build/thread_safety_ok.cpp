// The positive control of thread_safety_violation.cpp (rt-thread-safety-ok): the same
// code holding the lock compiles cleanly with the runtime's flags.
#include "base/locks.h"

namespace leakscope {
SpinLock g_test_lock{LockRank::kLocal};
int g_counter LS_GUARDED_BY(g_test_lock);

void Bump() {
  ScopedLock l(&g_test_lock);
  g_counter++;
}
}  // namespace leakscope

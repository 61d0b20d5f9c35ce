// Compiled by ctest with the runtime's flags (rt-thread-safety-violation): writing data
// GUARDED_BY a lock without holding it must fail the build, as an error.
#include "base/locks.h"

namespace leakscope {
SpinLock g_test_lock{LockRank::kLocal};
int g_counter LS_GUARDED_BY(g_test_lock);

void Bump() { g_counter++; }  // the violation: g_test_lock is not held
}  // namespace leakscope

// Component check/: roots, marking, leak records, suppressions. May call base/, stacks/,
// heap/ and world/.
//
// The leak check's core: stop the world, mark from the roots, classify, group the
// unreachable chunks into records, resume. Nothing here symbolizes or reports: the
// checks a user sees (at exit, recoverable, delta) are report/leak_checks.h, and heap
// snapshots with snapshot_leaks=1 call CollectLeaksNow.
#pragma once

#include "base/common.h"
#include "base/locks.h"

namespace leakscope {

struct LeakSet;

// The lock a check holds from start to report (rank kLeakCheck): checks are serialised,
// and a check takes seconds on a big heap (symbolizing, writing reports), so it is a
// Mutex: a second check, or fork(), waits for it asleep.
extern Mutex g_check_lock;
void LeakCheckLock() LS_ACQUIRE(g_check_lock);
void LeakCheckUnlock() LS_RELEASE(g_check_lock);
class LS_SCOPED_CAPABILITY ScopedLeakCheckLock {
 public:
  ScopedLeakCheckLock() LS_ACQUIRE(g_check_lock) { LeakCheckLock(); }
  ~ScopedLeakCheckLock() LS_RELEASE() { LeakCheckUnlock(); }
};

// Marks the heap with the world stopped and groups the unreachable chunks into *leaks.
void CollectLeaksLocked(LeakSet *leaks) LS_REQUIRES(g_check_lock);
// The same, taking the lock.
void CollectLeaksNow(LeakSet *leaks) LS_EXCLUDES(g_check_lock);

}  // namespace leakscope

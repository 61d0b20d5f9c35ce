// Component check/: roots, marking, leak records, suppressions. May call base/, stacks/,
// heap/ and world/.
//
// The leak check's core: stop the world, mark from the roots, classify, group the
// unreachable chunks into records, resume. Nothing here symbolizes or reports: the
// checks a user sees (at exit, recoverable, delta) are report/leak_checks.h, and heap
// snapshots with snapshot_leaks=1 call CollectLeaksNow.
#pragma once

#include "base/common.h"

namespace leakscope {

struct LeakSet;

// The lock a check holds from start to report: checks are serialised, and fork.cpp
// takes it so that a child forked while another thread reports does not inherit it held.
void LeakCheckLock();
void LeakCheckUnlock();
struct ScopedLeakCheckLock {
  ScopedLeakCheckLock() { LeakCheckLock(); }
  ~ScopedLeakCheckLock() { LeakCheckUnlock(); }
};

// Marks the heap with the world stopped and groups the unreachable chunks into *leaks.
// The caller holds the check lock.
void CollectLeaksLocked(LeakSet *leaks);
// The same, taking the lock.
void CollectLeaksNow(LeakSet *leaks);

}  // namespace leakscope

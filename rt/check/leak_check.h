// The leak check: stop the world, mark from the roots, classify, resume, then
// symbolize, apply suppressions and report. Used at exit and by the API.
#pragma once

#include "base/common.h"

namespace leakscope {

enum class CheckMode {
  kFinal,        // at exit or __lsan_do_leak_check: exits with `exitcode` on leaks
  kRecoverable,  // __lsan_do_recoverable_leak_check: report and return
  kDelta,        // report only records that are new or grew since the last delta check
};

// Runs a check; returns true when unsuppressed leaks were reported.
bool DoLeakCheck(CheckMode mode);

struct LeakSet;
// Marks the heap with the world stopped and groups the unreachable chunks into *leaks,
// without reporting anything (heap snapshots with snapshot_leaks=1). Serialised with
// the checks above.
void CollectLeaksNow(LeakSet *leaks);

// The at-exit check (registered by init).
void LeakCheckAtExit();

// Takes / releases the lock a check holds from start to report (fork.cpp: a child
// forked while another thread reports must not inherit it held).
void LeakCheckLock();
void LeakCheckUnlock();

}  // namespace leakscope

// Component report/: the checks a user sees and their text, JSON Lines and SARIF
// reports. May call every component but profile/.
//
// The leak checks a user sees: at exit, __lsan_do_leak_check, the recoverable and the
// delta check. Each collects the leaks (check/leak_check.h), then applies suppressions,
// sorts, and writes the text, JSON Lines and SARIF reports.
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

// The at-exit check (registered by init).
void LeakCheckAtExit();

}  // namespace leakscope

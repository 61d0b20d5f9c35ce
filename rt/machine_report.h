// Machine-readable leak reports, written beside the text report after every check:
//   json_path=PATH   JSON Lines (json_report.cpp)
//   sarif_path=PATH  a SARIF 2.1.0 log (sarif_report.cpp)
// Each goes to PATH.PID (the PID of the process that checks), or to stdout/stderr when
// PATH is "stdout"/"stderr". They contain every reported record (max_leaks limits only
// the text) and are written even when a check finds nothing, so a CI job can tell
// "checked, clean" from "never checked".
//
// Called after the world is resumed: symbolizing and writing may allocate internally.
#pragma once

#include "leak_report.h"

namespace leakscope {

struct CheckInfo {
  u32 index;         // 1 for the first check of this process, then 2, 3, ...
  const char *mode;  // "exit", "recoverable" or "delta"
};

void WriteJsonReport(LeakSet *leaks, const CheckInfo &check);
void WriteSarifReport(LeakSet *leaks, const CheckInfo &check);

// The frame a user calls "where it was allocated": the first recorded frame after the
// allocation entry point whose source file is known, preferring files outside system
// directories (/usr/include, /usr/lib: library headers such as std::string's).
// Returns false when no frame has a file. Shared by both writers.
bool FindAllocationSite(StackEntry *e, SymbolizedFrame *site, uptr *pc);

}  // namespace leakscope

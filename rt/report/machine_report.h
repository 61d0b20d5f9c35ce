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

#include "report/leak_report.h"
#include "stacks/symbolizer.h"

namespace leakscope {

struct CheckInfo {
  u32 index;         // 1 for the first check of this process, then 2, 3, ...
  const char *mode;  // "exit", "recoverable" or "delta"
};

void WriteJsonReport(LeakSet *leaks, const CheckInfo &check);
// The json_path file, opened on first use (per process); -1 when none.
int JsonReportFd();
class JsonWriter;
// A stack's "frames" array as the JSON report writes it.
void WriteJsonFrames(JsonWriter &w, StackEntry *e);
// SARIF pieces (sarif_report.cpp): a location (source position when known, address
// always) and a result's "stacks" array, hashing functions and files into *fingerprint.
void SarifLocation(JsonWriter &w, const SymbolizedFrame &f, uptr pc);
void SarifStack(JsonWriter &w, StackEntry *e, u64 *fingerprint);
void WriteSarifReport(LeakSet *leaks, const CheckInfo &check);
// The stale memory report's records (report/stale_report.h); `verb` is "accessed" or
// "written" (how the code was built).
struct StaleSet;
struct StalePaths;
void WriteJsonStaleReport(StaleSet *stale, const CheckInfo &check, const char *verb,
                          const StalePaths &paths);
void WriteSarifStaleReport(StaleSet *stale, const CheckInfo &check, const char *verb);

// The frame a user calls "where it was allocated": the first recorded frame after the
// allocation entry point whose source file is known, preferring files outside system
// directories (/usr/include, /usr/lib: library headers such as std::string's).
// Returns false when no frame has a file. Shared by both writers.
bool FindAllocationSite(StackEntry *e, SymbolizedFrame *site, uptr *pc);

// One frame of an allocation stack as the reports list it: inline frames expanded,
// innermost first.
struct ReportFrame {
  const SymbolizedFrame &frame;
  uptr pc;                   // the recorded return address it came from
  const ModuleInfo *module;  // nullptr when unknown
  bool inlined;              // inlined into the frame that follows
};

// Calls fn(const ReportFrame &) for each frame of `e` from recorded frame `from` on,
// until fn returns false. Shared by both writers and FindAllocationSite.
template <typename Fn>
void ForEachReportFrame(StackEntry *e, u32 from, Fn fn) {
  for (u32 k = from; k < e->size; k++) {
    SymbolizedFrame frames[16];
    uptr pc;
    u32 n = SymbolizeStackFrame(e, k, &pc, frames, 16);
    ModuleInfo m;
    const ModuleInfo *module = FindModule(pc, &m) ? &m : nullptr;
    for (u32 i = 0; i < n; i++)
      if (!fn(ReportFrame{frames[i], pc, module, i + 1 < n})) return;
  }
}

}  // namespace leakscope

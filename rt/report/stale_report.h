// The stale memory report: at the "before destructors" point at exit with
// report_stale=1 (world/before_destructors.h), and from __leakscope_print_stale_report.
//
// Text (shapes fixed by DESIGN.md, "Reachable leaks"), biggest record first:
//
//   Stale memory: B byte(s) in N object(s) not accessed for at least S s, allocated from:
//     type: T                                        (when the pass knew the type)
//     last accessed 7 s to 3 min ago                 (the record's youngest to oldest)
//     kept alive by: ROOT -> HOP -> ...              (to the record's biggest block)
//       #0 0x... in FUNC FILE:LINE:COL ...
//   SUMMARY: LeakScope: B byte(s) stale in N allocation(s).
//
// "accessed" becomes "written" when some module was built with track_loads=0
// (heap/access_mode.h). Without any instrumented code (preload mode) the shadow knows
// nothing, and the report is one line saying so. Nothing is printed when no block is
// stale. JSON Lines, SARIF and HTML (json_path, sarif_path, html_path) carry the same
// records; JSON Lines and HTML also the path ("kept_alive_by", as retention_json.h
// writes it; the HTML record's "kept alive by").
//
// The paths come from a heap graph captured once the stale set is collected (a second
// stop of the world, only when something is stale, shared at exit with the other
// reports made before destructors): a block freed in between has none.
// Stale memory changes the exit code only with stale_exitcode=N (leaks win: exitcode).
#pragma once

#include "base/common.h"
#include "check/exit_graph.h"
#include "check/retention_paths.h"

namespace leakscope {

// The records' retention paths: node[i] is record i's sample block in *g, or -1. At
// exit the graph is the one the exit reports share (check/exit_graph.h); otherwise it
// is captured into `own`.
struct StalePaths {
  ExitGraph own;
  const HeapGraph *g = &own.g;
  const GraphReach *reach = &own.reach;
  InternalVector<intptr_t> node;
};

// Collects and reports the blocks not accessed for min_age_s; returns true when some
// were reported. `mode` names the report in JSON/SARIF ("exit", "api").
bool PrintStaleReport(u32 min_age_s, const char *mode);
// The before-destructors hook (registered by init when report_stale=1).
void StaleReportBeforeDestructors();
// Called last at exit (leak_checks.cpp): exits with stale_exitcode when the exit-time
// report found stale memory.
void ExitIfStaleReported();
// "7 s", "12 min", "3 h", "11 days": rounded down, in a unit of which there are at
// least 10 (so within 10 %), seconds below 10 min.
void FormatAge(u64 age_ns, char *buf, uptr size);

}  // namespace leakscope

// The stale memory report (see stale_report.h).
#include "report/stale_report.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/report_io.h"
#include "check/stale_set.h"
#include "heap/access_mode.h"
#include "options.h"
#include "stacks/symbolizer.h"
#include "report/html_report.h"
#include "report/leak_report.h"
#include "report/machine_report.h"
#include "report/retention_report.h"

namespace leakscope {

namespace {
bool g_reported_at_exit;
u32 g_reports;  // stale reports of this process so far (the "check" index of JSON/SARIF)
}  // namespace

void FormatAge(u64 age_ns, char *buf, uptr size) {
  u64 s = age_ns / 1000000000ull;
  if (s < 600) snprintf(buf, size, "%llu s", (unsigned long long)s);
  else if (s < 600 * 60) snprintf(buf, size, "%llu min", (unsigned long long)(s / 60));
  else if (s < 240 * 3600) snprintf(buf, size, "%llu h", (unsigned long long)(s / 3600));
  else snprintf(buf, size, "%llu days", (unsigned long long)(s / 86400));
}

static void PrintRecord(const StaleRecord &r, u32 min_age_s, const char *verb, const StalePaths &paths,
                        uptr index) {
  Printf("\nStale memory: %llu byte(s) in %llu object(s) not %s for at least %u s, allocated from:\n",
         (unsigned long long)r.bytes, (unsigned long long)r.objects, verb, min_age_s);
  StackEntry *e = DepotGet(r.stack_id);
  if (e && e->site && *e->site->type) Printf("  type: %s\n", e->site->type);
  char young[32], old[32];
  FormatAge(r.min_age_ns, young, sizeof(young));
  FormatAge(r.max_age_ns, old, sizeof(old));
  if (!strcmp(young, old)) Printf("  last %s %s ago\n", verb, young);
  else Printf("  last %s %s to %s ago\n", verb, young, old);
  if (index < paths.node.size() && paths.node[index] >= 0) {
    LineBuffer b;
    b.Append("  kept alive by: ");
    FormatRetentionPath(*paths.g, *paths.reach, (u32)paths.node[index], &b);
    b.Append("\n");
    WriteReport(b.data(), b.size());
  }
  if (e) PrintStackFrames(e);
}

// Finds each record's sample block in a freshly captured heap graph (stale_report.h).
static void FindPaths(const StaleSet &set, bool at_exit, StalePaths *paths) {
  if (at_exit) {
    const ExitGraph &shared = ExitHeapGraph();
    paths->g = &shared.g;
    paths->reach = &shared.reach;
  } else {
    CaptureHeapGraph(&paths->own.g);
    ComputeReach(paths->own.g, &paths->own.reach);
  }
  const HeapGraph &g = *paths->g;
  paths->node.resize(set.records.size());
  for (uptr i = 0; i < set.records.size(); i++) {
    intptr_t n = g.NodeAt(set.records[i].sample);
    bool same = n >= 0 && g.Begin((u32)n) == set.records[i].sample &&
                g.StackId((u32)n) == set.records[i].stack_id && paths->reach->Reachable((u32)n);
    paths->node[i] = same ? n : -1;
  }
}

bool PrintStaleReport(u32 min_age_s, const char *mode) {
  AccessMode access = GetAccessMode();
  if (access == AccessMode::kNone) {
    Warn("no stale memory report: no code of this program was built with the LeakScope pass "
         "(preload mode sees allocations, not accesses)");
    return false;
  }
  const char *verb = AccessVerb(access);
  StaleSet set;
  CollectStaleNow(&set, min_age_s, /*by_age_range=*/false, StaleMark::kMark);
  SortStale(&set);
  StaleTotals t = SumStale(&set);
  CheckInfo check = {++g_reports, mode};
  StalePaths paths;
  if (t.objects) FindPaths(set, !strcmp(mode, "exit"), &paths);
  if (t.objects) {
    Printf("\n=================================================================\n");
    Printf("==%d==WARNING: LeakScope: detected stale memory (reachable, not %s for at least %u s)\n",
           (int)getpid(), verb, min_age_s);
    for (uptr i = 0; i < set.records.size(); i++) PrintRecord(set.records[i], min_age_s, verb, paths, i);
    Printf("\nSUMMARY: LeakScope: %llu byte(s) stale in %llu allocation(s).\n",
           (unsigned long long)t.bytes, (unsigned long long)t.objects);
    FlushSymbolizerWarnings();
  }
  if (g_options.verbosity >= 1)
    Warn("stale report (%s): %llu record(s), %llu byte(s) in %llu object(s) not %s for %u s; "
         "%llu byte(s) in %llu object(s) allocated by uninstrumented code left out",
         mode, (unsigned long long)t.records, (unsigned long long)t.bytes,
         (unsigned long long)t.objects, verb, min_age_s, (unsigned long long)set.skipped_bytes,
         (unsigned long long)set.skipped_objects);
  WriteJsonStaleReport(&set, check, verb, paths);
  WriteSarifStaleReport(&set, check, verb);
  WriteHtmlStaleReport(&set, check, verb, paths);
  return t.objects != 0;
}

void StaleReportBeforeDestructors() {
  if (!g_options.report_stale) return;
  if (PrintStaleReport((u32)g_options.stale_after_s, "exit")) g_reported_at_exit = true;
}

void ExitIfStaleReported() {
  if (g_reported_at_exit && g_options.stale_exitcode) {
    fflush(nullptr);
    _exit(g_options.stale_exitcode);
  }
}

}  // namespace leakscope


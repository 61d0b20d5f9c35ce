// leakscope stale PID: a snapshot of the running process and, in one step, the sites
// holding stale memory (live blocks not accessed for stale_after_s), biggest first.
//
// The snapshot's stale samples carry only stale values, one per age range (an `age_s`
// label: the range's lower bound). The threshold the runtime applied is the profile's
// `stale_after_s=N` comment (profile/heap_profile.h); the header names it.
#include <stdio.h>

#include <algorithm>
#include <map>

#include "cli_args.h"
#include "commands.h"
#include "names.h"
#include "profile.h"
#include "snapshot_target.h"

namespace leakscope::tool {

namespace {
constexpr size_t kStaleColumns = 33;  // the numbers before the site
struct StaleRow {
  Frame frame;
  int64_t bytes = 0, objects = 0;
};
}  // namespace

// Exact bytes, not FormatValue's rounded KiB: stale sizes are compared with what the
// program allocated.
static std::string Bytes(int64_t b) { return std::to_string(b) + "B"; }

// "60 s" from the snapshot's `stale_after_s=60` comment; empty for a profile without one
// (written by an older runtime).
static std::string StaleThreshold(const Profile &p) {
  static const std::string kKey = "stale_after_s=";
  for (const std::string &c : p.comments)
    if (c.compare(0, kKey.size(), kKey) == 0 && c.size() > kKey.size() &&
        c.find_first_not_of("0123456789", kKey.size()) == std::string::npos)
      return c.substr(kKey.size()) + " s";
  return "";
}

static int RunStale(const Invocation &in) {
  if (in.operands.empty()) return in.Error("which process? (usage: leakscope stale PID)");
  if (in.operands.size() > 1)
    return in.Error("one process at a time (got '" + in.operands[0] + "' and '" + in.operands[1] + "')");
  long n = in.Count("-n", 20);
  double timeout = in.Seconds("--timeout", 10);
  pid_t pid;
  std::string error, path;
  if (!ParsePid(in.operands[0], &pid, &error)) return fprintf(stderr, "%s\n", error.c_str()), 2;
  SnapshotTarget target;
  if (!CheckSnapshotTarget(pid, &target, &error) || !TakeSnapshot(target, timeout, &path, &error))
    return fprintf(stderr, "%s\n", error.c_str()), 1;
  Profile p;
  if (!ReadProfile(path, &p, &error)) return fprintf(stderr, "%s\n", error.c_str()), 1;
  int space = p.SampleIndex("stale_space"), objects = p.SampleIndex("stale_objects");
  if (space < 0 || objects < 0)
    return fprintf(stderr,
                   "LeakScope: %s: no stale samples (is the program built with leakscope-clang++, "
                   "accesses tracked?)\n",
                   path.c_str()),
           1;
  // Rows by the site nearest the allocator, as top's flat column.
  std::map<std::string, StaleRow> rows;
  int64_t total = 0;
  for (const Sample &s : p.samples) {
    int64_t v = s.values[space];
    if (v == 0) continue;
    total += v;
    Frame f = ProgramStack(p.Stack(s))[0];
    StaleRow &r = rows[FrameKey(f)];
    r.frame = f;
    r.bytes += v;
    r.objects += s.values[objects];
  }
  std::vector<StaleRow> sorted;
  for (auto &kv : rows) sorted.push_back(kv.second);
  std::sort(sorted.begin(), sorted.end(), [](const StaleRow &a, const StaleRow &b) {
    return a.bytes != b.bytes ? a.bytes > b.bytes : FrameKey(a.frame) < FrameKey(b.frame);
  });
  std::string threshold = StaleThreshold(p);
  printf("%s: %s stale in %zu site(s) (not accessed for at least %s)\n", path.c_str(),
         Bytes(total).c_str(), sorted.size(), threshold.empty() ? "the target's stale_after_s" : threshold.c_str());
  printf("%10s %10s %7s  %s\n", "stale", "objects", "share", "site");
  bool full = in.Has("--full-names");
  for (size_t k = 0; k < sorted.size() && k < size_t(n); k++) {
    const StaleRow &r = sorted[k];
    printf("%10s %10lld %6.2f%%  %s\n", Bytes(r.bytes).c_str(), (long long)r.objects,
           total ? 100.0 * double(r.bytes) / double(total) : 0.0,
           SiteText(r.frame, "  ", kRowWidth - kStaleColumns, full).c_str());
  }
  return 0;
}

const Command kStaleCommand = {
    "stale",
    "PID [-n N]",
    "snapshot a process and list its stale memory by site",
    "PID [-n N] [--timeout SECONDS] [--full-names]",
    "Takes a heap snapshot of process PID (as 'leakscope snap' does) and prints the sites\n"
    "holding stale memory, live blocks not accessed for the target's stale_after_s,\n"
    "biggest first: stale bytes, stale objects, share of all stale bytes, site.",
    {
        {{"-n"}, ValueKind::kCount, "N", "a positive number", "rows to print (default 20)"},
        {{"--timeout"}, ValueKind::kDuration, "SECS", "a duration like 10s or 500ms",
         "how long to wait for the snapshot (default 10s)"},
        {{"--full-names"}, ValueKind::kFlag, "", "", "whole function names and paths"},
    },
    "leakscope stale $(pidof server)\n"
    "leakscope stale -n 5 4242",
    false,
    RunStale,
};

}  // namespace leakscope::tool

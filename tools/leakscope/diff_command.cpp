// leakscope diff: growth per allocation site between two profiles of the same program,
// and a CI gate (--fail-over) on it.
//
// A site is the program's frame nearest the allocator (function file:line), so two
// snapshots of one run, or of two runs of one binary, line up by source position and not
// by address. Sites sort by byte growth, largest first; shrinking sites come last.
#include <stdio.h>

#include <algorithm>
#include <map>

#include "cli_args.h"
#include "commands.h"
#include "names.h"
#include "profile.h"
#include "site_series.h"

namespace leakscope::tool {

static int RunDiff(const Invocation &in) {
  const std::vector<std::string> &files = in.operands;
  if (files.size() != 2) return in.Error("needs two profiles, OLD and NEW (usage: leakscope diff OLD NEW)");
  std::string sample = in.Text("--sample", "inuse_space");
  int64_t fail_over = in.Bytes("--fail-over", -1);
  long n = in.Count("-n", 30);

  Profile p[2];
  SiteTotals totals[2];
  std::string error;
  std::string unit;
  for (int k = 0; k < 2; k++) {
    if (!ReadProfile(files[k], &p[k], &error)) return fprintf(stderr, "%s\n", error.c_str()), 2;
    if (!SumBySite(p[k], files[k], sample, &totals[k], &error)) return fprintf(stderr, "%s\n", error.c_str()), 2;
  }
  unit = p[1].sample_types[p[1].SampleIndex(sample)].unit;
  if (unit != "bytes")
    return UsageError("diff: --sample " + sample + " is not a byte sample type (its unit is " + unit +
                      "; objects are shown beside bytes)");
  bool have_objects = totals[0].has_objects && totals[1].has_objects;

  struct Row {
    std::string site;
    SiteValue old_v, new_v;
    int64_t dbytes() const { return new_v.bytes - old_v.bytes; }
    int64_t dobjects() const { return new_v.objects - old_v.objects; }
  };
  std::map<std::string, Row> rows;
  for (int k = 0; k < 2; k++)
    for (auto &kv : totals[k].sites) {
      Row &r = rows[kv.first];
      r.site = kv.first;
      (k == 0 ? r.old_v : r.new_v) = kv.second;
    }
  std::vector<Row> sorted;
  for (auto &kv : rows)
    if (kv.second.dbytes() != 0 || kv.second.dobjects() != 0) sorted.push_back(kv.second);
  std::sort(sorted.begin(), sorted.end(), [](const Row &a, const Row &b) {
    if (a.dbytes() != b.dbytes()) return a.dbytes() > b.dbytes();
    return a.site < b.site;
  });

  int64_t told = totals[0].total, tnew = totals[1].total;
  printf("Type: %s; total %s -> %s (%s%s)\n", sample.c_str(), FormatValue(told, unit).c_str(),
         FormatValue(tnew, unit).c_str(), tnew >= told ? "+" : "", FormatValue(tnew - told, unit).c_str());
  bool full = in.Has("--full-names");
  if (sorted.empty()) printf("No site changed.\n");
  else printf("%11s %9s %8s %10s %10s  %s\n", "growth", "objects", "percent", "old", "new", "site");
  for (size_t k = 0; k < sorted.size() && k < size_t(n); k++) {
    const Row &r = sorted[k];
    char pct[32];
    if (r.old_v.bytes == 0) snprintf(pct, sizeof(pct), "new");
    else snprintf(pct, sizeof(pct), "%+.1f%%", 100.0 * double(r.dbytes()) / double(r.old_v.bytes));
    std::string growth = (r.dbytes() > 0 ? "+" : "") + FormatValue(r.dbytes(), unit);
    std::string objects = have_objects ? (r.dobjects() > 0 ? "+" : "") + std::to_string(r.dobjects()) : "-";
    const Frame &site = r.new_v.frame.function.empty() ? r.old_v.frame : r.new_v.frame;
    printf("%11s %9s %8s %10s %10s  %s\n", growth.c_str(), objects.c_str(), pct,
           FormatValue(r.old_v.bytes, unit).c_str(), FormatValue(r.new_v.bytes, unit).c_str(),
           SiteText(site, " ", kRowWidth - 54, full).c_str());
  }
  if (sorted.size() > size_t(n)) printf("... %zu more sites changed (-n to show more)\n", sorted.size() - size_t(n));

  if (fail_over >= 0) {
    int over = 0;
    for (const Row &r : sorted)
      if (r.dbytes() > fail_over) {
        if (!over++)
          fprintf(stderr, "LeakScope: %s grew by %lld bytes, over --fail-over %lld\n", r.site.c_str(),
                  (long long)r.dbytes(), (long long)fail_over);
      }
    if (over > 1) fprintf(stderr, "LeakScope: %d sites grew by more than %lld bytes\n", over, (long long)fail_over);
    if (over) return 1;
  }
  return 0;
}

const Command kDiffCommand = {
    "diff",
    "OLD NEW [--fail-over BYTES]",
    "growth per site between two snapshots",
    "OLD NEW [--sample TYPE] [--fail-over BYTES] [-n N] [--full-names]",
    "Shows how much each allocation site grew from profile OLD to profile NEW: bytes,\n"
    "objects and percent, largest growth first.\n"
    "\n"
    "exit status: 0 no site over the limit, 1 a site grew over --fail-over, 2 bad usage or input",
    {
        {{"--sample", "-sample"}, ValueKind::kText, "TYPE", "a sample type",
         "byte sample type to compare (default inuse_space; e.g. alloc_space);\n"
         "objects come from the matching *_objects type when present"},
        {{"--fail-over", "-fail-over"}, ValueKind::kSize, "BYTES", "a byte count like 4096, 64k or 10m",
         "exit with 1 when any site grew by more than BYTES (k, m, g suffixes\n"
         "allowed): a CI gate against a leak creeping in"},
        {{"-n"}, ValueKind::kCount, "N", "a positive number", "rows to print (default 30)"},
        {{"--full-names"}, ValueKind::kFlag, "", "",
         "whole function names and paths (by default folded to fit 120 columns)"},
    },
    "leakscope diff leakscope.4242.1.pb.gz leakscope.4242.5.pb.gz\n"
    "leakscope diff before.pb.gz after.pb.gz --fail-over 1m || echo 'a site grew by over 1 MiB'",
    false,
    RunDiff,
};

}  // namespace leakscope::tool

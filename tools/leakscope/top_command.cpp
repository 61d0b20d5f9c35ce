// leakscope top: the allocation sites holding the most memory in one profile, as a text
// table, without Go or pprof installed.
//
// A row is one source position (function file:line) of the program's code, allocator
// frames (malloc, operator new, the runtime) left out. flat is what was allocated right
// there (the site nearest the allocator), cum what was allocated there or in anything it
// called; a position that appears twice in one stack (recursion) counts once in cum.
#include <stdio.h>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "cli_args.h"
#include "commands.h"
#include "names.h"
#include "profile.h"

namespace leakscope::tool {

namespace {
constexpr size_t kTopColumns = 47;  // the numbers before the site
struct Row {
  Frame frame;
  int64_t flat = 0, cum = 0;
};
}  // namespace

static int RunTop(const Invocation &in) {
  if (in.operands.empty()) return in.Error("which profile? (usage: leakscope top FILE)");
  if (in.operands.size() > 1)
    return in.Error("one profile at a time (got '" + in.operands[0] + "' and '" + in.operands[1] + "')");
  const std::string &file = in.operands[0];
  std::string sample = in.Text("--sample");
  long n = in.Count("-n", 20);

  Profile p;
  std::string error;
  if (!ReadProfile(file, &p, &error)) return fprintf(stderr, "%s\n", error.c_str()), 1;
  int idx = ResolveSample(p, file, sample, &error);
  if (idx < 0) return fprintf(stderr, "%s\n", error.c_str()), 1;
  const ValueType &vt = p.sample_types[idx];

  std::unordered_map<std::string, Row> rows;
  int64_t total = 0;
  for (const Sample &s : p.samples) {
    int64_t v = s.values[idx];
    if (v == 0) continue;
    total += v;
    std::vector<Frame> stack = ProgramStack(p.Stack(s));
    std::unordered_set<std::string> seen;
    for (size_t k = 0; k < stack.size(); k++) {
      std::string key = FrameKey(stack[k]);
      Row &r = rows[key];
      if (r.frame.function.empty()) r.frame = stack[k];
      if (k == 0) r.flat += v;
      if (seen.insert(key).second) r.cum += v;
    }
  }
  std::vector<Row> sorted;
  for (auto &kv : rows) sorted.push_back(kv.second);
  std::sort(sorted.begin(), sorted.end(), [](const Row &a, const Row &b) {
    if (a.flat != b.flat) return a.flat > b.flat;
    if (a.cum != b.cum) return a.cum > b.cum;
    return FrameKey(a.frame) < FrameKey(b.frame);
  });

  printf("Type: %s (%s)\n", vt.type.c_str(), vt.unit.c_str());
  printf("Total: %s in %zu samples; showing %zu of %zu sites\n", FormatValue(total, vt.unit).c_str(),
         p.samples.size(), std::min(sorted.size(), size_t(n)), sorted.size());
  auto pct = [&](int64_t v) { return total ? 100.0 * double(v) / double(total) : 0.0; };
  printf("%10s %7s %7s %10s %7s  %s\n", "flat", "flat%", "sum%", "cum", "cum%", "function  file:line");
  bool full = in.Has("--full-names");
  int64_t sum = 0;
  for (size_t k = 0; k < sorted.size() && k < size_t(n); k++) {
    const Row &r = sorted[k];
    sum += r.flat;
    printf("%10s %6.2f%% %6.2f%% %10s %6.2f%%  %s\n", FormatValue(r.flat, vt.unit).c_str(), pct(r.flat),
           pct(sum), FormatValue(r.cum, vt.unit).c_str(), pct(r.cum),
           SiteText(r.frame, "  ", kRowWidth - kTopColumns, full).c_str());
  }
  return 0;
}

const Command kTopCommand = {
    "top",
    "FILE [-n N] [--sample TYPE]",
    "the allocation sites holding the most",
    "FILE [-n N] [--sample TYPE] [--full-names]",
    "Prints the allocation sites of a heap profile (a LeakScope snapshot or any pprof heap\n"
    "profile, gzipped or not) that hold the most, as a table: flat (allocated at the site),\n"
    "flat%, sum%, cum (at the site or in its callees), cum%, function, file:line.",
    {
        {{"-n"}, ValueKind::kCount, "N", "a positive number", "rows to print (default 20)"},
        {{"--sample", "-sample"}, ValueKind::kText, "TYPE", "a sample type",
         "inuse_space (default), inuse_objects, alloc_space, alloc_objects,\n"
         "leaked_space, leaked_objects: any sample type of the profile"},
        {{"--full-names"}, ValueKind::kFlag, "", "",
         "whole function names (template arguments, parameters) and paths;\n"
         "by default names are folded, StoreResponse(...), and rows fit 120 columns"},
    },
    "leakscope top leakscope.4242.1.pb.gz\n"
    "leakscope top -n 5 --sample alloc_objects leakscope.4242.3.pb.gz",
    false,
    RunTop,
};

}  // namespace leakscope::tool

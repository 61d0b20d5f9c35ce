// leakscope retain: the roots that retain the most, from a retention profile
// (NAME.retained.pb.gz, written beside each snapshot with snapshot_retention=1; see
// rt/profile/retention_profile.h). Given a PID it takes a snapshot first (as snap does)
// and waits for the retention profile beside it.
//
// A retention profile's stacks are dominator-tree paths, root outermost: a root's
// retained size is the sum of the samples whose outermost frame it is, and the frame
// under it names what it retains most directly (the block group of the heaviest child).
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <map>

#include "cli_args.h"
#include "commands.h"
#include "profile.h"
#include "snapshot_target.h"

namespace leakscope::tool {

namespace {
struct Root {
  std::string name;
  int64_t bytes = 0, objects = 0;
  std::map<std::string, int64_t> next;  // the frame under the root -> bytes
};
}  // namespace

static std::string Bytes(int64_t b) { return std::to_string(b) + "B"; }

static int RunRetain(const Invocation &in) {
  if (in.operands.empty()) return in.Error("which process or file? (usage: leakscope retain PID|FILE)");
  if (in.operands.size() > 1)
    return in.Error("one process or file at a time (got '" + in.operands[0] + "' and '" + in.operands[1] + "')");
  const std::string &target_arg = in.operands[0];
  long n = in.Count("-n", 10);
  double timeout = in.Seconds("--timeout", 30);
  Profile p;
  std::string error, path = target_arg;
  bool is_pid = target_arg.find_first_not_of("0123456789") == std::string::npos;
  if (is_pid) {
    pid_t pid;
    if (!ParsePid(target_arg, &pid, &error)) return fprintf(stderr, "%s\n", error.c_str()), 2;
    SnapshotTarget target;
    std::string snapshot;
    if (!CheckSnapshotTarget(pid, &target, &error) || !TakeSnapshot(target, timeout, &snapshot, &error))
      return fprintf(stderr, "%s\n", error.c_str()), 1;
    path = RetainedProfileName(snapshot);
    if (!WaitForRetentionProfile(path, timeout, &p, &error)) return fprintf(stderr, "%s\n", error.c_str()), 1;
  } else if (!ReadProfile(path, &p, &error)) {
    return fprintf(stderr, "%s\n", error.c_str()), 1;
  }
  int space = p.SampleIndex("retained_space"), objects = p.SampleIndex("retained_objects");
  if (space < 0 || objects < 0)
    return fprintf(stderr, "LeakScope: %s: not a retention profile (no retained_space/retained_objects)\n",
                   path.c_str()), 1;
  std::map<std::string, Root> roots;
  int64_t total = 0;
  for (const Sample &s : p.samples) {
    std::vector<Frame> stack = p.Stack(s);  // leaf first: the root is last
    if (stack.empty()) continue;
    Root &r = roots[stack.back().function];
    r.name = stack.back().function;
    r.bytes += s.values[space];
    r.objects += s.values[objects];
    if (stack.size() >= 2) r.next[stack[stack.size() - 2].function] += s.values[space];
    total += s.values[space];
  }
  std::vector<Root *> order;
  for (auto &kv : roots) order.push_back(&kv.second);
  std::sort(order.begin(), order.end(), [](const Root *a, const Root *b) {
    return a->bytes != b->bytes ? a->bytes > b->bytes : a->name < b->name;
  });
  printf("%s: %s retained in all\n", path.c_str(), Bytes(total).c_str());
  printf("%10s %6s %10s  %s\n", "retained", "%", "objects", "root (then what it holds most)");
  for (size_t i = 0; i < order.size() && (long)i < n; i++) {
    Root &r = *order[i];
    std::string next;
    int64_t best = -1;
    for (auto &kv : r.next)
      if (kv.second > best) best = kv.second, next = kv.first;
    printf("%10s %5.1f%% %10lld  %s%s\n", Bytes(r.bytes).c_str(), total ? 100.0 * r.bytes / total : 0.0,
           (long long)r.objects, r.name.c_str(), next.empty() ? "" : (" -> " + next).c_str());
  }
  return 0;
}

const Command kRetainCommand = {
    "retain",
    "PID|FILE [-n N]",
    "roots retaining the most (snapshot_retention=1)",
    "PID|FILE [-n N] [--timeout SECONDS]",
    "Prints the roots (globals, thread stacks, TLS, ...) that retain the most heap memory:\n"
    "what would be freed if that root let go, from the heap's dominator tree. FILE is a\n"
    "retention profile (NAME.retained.pb.gz); given a PID, takes a snapshot of the process\n"
    "(which must run with LEAKSCOPE_OPTIONS=snapshot_retention=1) and reads the retention\n"
    "profile it writes beside it.",
    {
        {{"-n"}, ValueKind::kCount, "N", "a positive number", "roots to print (default 10)"},
        {{"--timeout"}, ValueKind::kDuration, "SECS", "a duration like 10s or 500ms",
         "how long to wait for the files (default 30s)"},
    },
    "leakscope retain $(pidof server)\n"
    "leakscope retain -n 3 leakscope.4242.1.retained.pb.gz",
    false,
    RunRetain,
};

}  // namespace leakscope::tool

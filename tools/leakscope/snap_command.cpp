// leakscope snap: one heap snapshot of a running process, by SIGUSR1, sent only after
// checking that the process has the runtime and handles the signal (see
// snapshot_target.h). Prints the snapshot's path; with -o moves it there.
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <fstream>

#include "cli_args.h"
#include "commands.h"
#include "snapshot_target.h"

namespace leakscope::tool {

static const char kSnapHelp[] =
    "usage: leakscope snap PID [-o FILE] [--timeout SECONDS]\n"
    "\n"
    "Asks process PID (built with leakscope-clang++, or started with 'leakscope run') for a\n"
    "heap snapshot: sends it SIGUSR1, waits for the pprof file it writes\n"
    "(leakscope.PID.N.pb.gz in its working directory, else in $TMPDIR or /tmp) and prints\n"
    "the file's path. A process without the LeakScope runtime is never signalled.\n"
    "\n"
    "  -o FILE           move the snapshot to FILE and print FILE\n"
    "  --timeout SECS    how long to wait for the file (default 10s; 500ms, 1m also work)\n"
    "\n"
    "examples:\n"
    "  leakscope snap 4242\n"
    "  leakscope snap $(pidof server) -o before.pb.gz\n"
    "  leakscope top $(leakscope snap 4242)\n";

// Moves `from` to `to`, copying when they are on different file systems.
bool MoveFile(const std::string &from, const std::string &to, std::string *error) {
  if (rename(from.c_str(), to.c_str()) == 0) return true;
  if (errno != EXDEV) return *error = "LeakScope: cannot move " + from + " to " + to + ": " + strerror(errno), false;
  std::ifstream in(from, std::ios::binary);
  std::ofstream out(to, std::ios::binary | std::ios::trunc);
  out << in.rdbuf();
  out.close();
  if (!in || !out) return *error = "LeakScope: cannot copy " + from + " to " + to, false;
  remove(from.c_str());
  return true;
}

int RunSnap(const Args &args) {
  if (WantsHelp(args)) return fputs(kSnapHelp, stdout), 0;
  std::string pid_arg, out, value;
  double timeout = 10;
  for (size_t i = 0; i < args.size(); i++) {
    int m;
    if ((m = MatchOption(args, &i, {"-o", "--output"}, &value))) {
      if (m < 0) return UsageError("snap: -o needs a file name");
      out = value;
    } else if ((m = MatchOption(args, &i, {"--timeout"}, &value))) {
      if (m < 0 || !ParseDuration(value, &timeout)) return UsageError("snap: --timeout needs a duration like 10s or 500ms");
    } else if (args[i].size() > 1 && args[i][0] == '-') {
      return UsageError("snap: unknown option '" + args[i] + "' (see leakscope snap --help)");
    } else if (pid_arg.empty()) {
      pid_arg = args[i];
    } else {
      return UsageError("snap: one process at a time (got '" + pid_arg + "' and '" + args[i] + "')");
    }
  }
  if (pid_arg.empty()) return UsageError("snap: which process? (usage: leakscope snap PID [-o FILE])");
  pid_t pid;
  std::string error, path;
  if (!ParsePid(pid_arg, &pid, &error)) return fprintf(stderr, "%s\n", error.c_str()), 2;
  SnapshotTarget target;
  if (!CheckSnapshotTarget(pid, &target, &error) || !TakeSnapshot(target, timeout, &path, &error))
    return fprintf(stderr, "%s\n", error.c_str()), 1;
  if (!out.empty()) {
    if (!MoveFile(path, out, &error)) return fprintf(stderr, "%s\n", error.c_str()), 1;
    path = out;
  }
  printf("%s\n", path.c_str());
  return 0;
}

}  // namespace leakscope::tool

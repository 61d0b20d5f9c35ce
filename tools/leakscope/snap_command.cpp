// leakscope snap: one heap snapshot of a running process, by SIGUSR1, sent only after
// checking that the process has the runtime and handles the signal (see
// snapshot_target.h). Prints the snapshot's path; with -o moves it there.
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <fstream>

#include "cli_args.h"
#include "commands.h"
#include "output_file.h"
#include "snapshot_target.h"

namespace leakscope::tool {

static int RunSnap(const Invocation &in) {
  if (in.operands.empty()) return in.Error("which process? (usage: leakscope snap PID [-o FILE])");
  if (in.operands.size() > 1)
    return in.Error("one process at a time (got '" + in.operands[0] + "' and '" + in.operands[1] + "')");
  const std::string &pid_arg = in.operands[0];
  std::string out = in.Text("-o");
  double timeout = in.Seconds("--timeout", 10);
  pid_t pid;
  std::string error, path;
  if (!ParsePid(pid_arg, &pid, &error)) return fprintf(stderr, "%s\n", error.c_str()), 2;
  if (!out.empty() && !CanReplaceOutput(out, OutputKind::kProfile, in.Has("--force"), &error))
    return fprintf(stderr, "%s\n", error.c_str()), 1;
  SnapshotTarget target;
  if (!CheckSnapshotTarget(pid, &target, &error) || !TakeSnapshot(target, timeout, &path, &error))
    return fprintf(stderr, "%s\n", error.c_str()), 1;
  if (!out.empty()) {
    if (!MoveSnapshotFile(path, out, &error)) return fprintf(stderr, "%s\n", error.c_str()), 1;
    path = out;
  }
  printf("%s\n", path.c_str());
  return 0;
}

const Command kSnapCommand = {
    "snap",
    "PID [-o FILE]",
    "take a heap snapshot of a running process",
    "PID [-o FILE] [--force] [--timeout SECONDS]",
    "Asks process PID (built with leakscope-clang++, or started with 'leakscope run') for a\n"
    "heap snapshot: sends it SIGUSR1, waits for the pprof file it writes\n"
    "(leakscope.PID.N.pb.gz in its working directory, else in $TMPDIR or /tmp) and prints\n"
    "the file's path. A process without the LeakScope runtime is never signalled.",
    {
        {{"-o", "--output"}, ValueKind::kText, "FILE", "a file name",
         "move the snapshot to FILE and print FILE (an existing FILE is replaced\nonly when it is a pprof profile)"},
        {{"--force"}, ValueKind::kFlag, "", "", "replace FILE whatever it is"},
        {{"--timeout"}, ValueKind::kDuration, "SECS", "a duration like 10s or 500ms",
         "how long to wait for the file (default 10s; 500ms, 1m also work)"},
    },
    "leakscope snap 4242\n"
    "leakscope snap $(pidof server) -o before.pb.gz\n"
    "leakscope top $(leakscope snap 4242)",
    false,
    RunSnap,
};

}  // namespace leakscope::tool

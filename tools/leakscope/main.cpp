// leakscope: the command-line tool. Dispatches on argv[0] (the compiler wrappers are
// links to this binary) and then on the subcommand.
#include <stdio.h>
#include <string.h>

#include <string>

#include "commands.h"

using namespace leakscope::tool;

static const char kUsage[] =
    "usage: leakscope <command> [options]\n"
    "\n"
    "commands:\n"
    "  config --plugin|--ldflags|--version   print what a build needs (like llvm-config)\n"
    "  run [-o KEY=VALUE]... -- CMD ARGS     run an uninstrumented program with the runtime preloaded\n"
    "  snap PID [-o FILE]                    take a heap snapshot of a running process\n"
    "  top FILE [-n N] [--sample TYPE]       the allocation sites holding the most\n"
    "  diff OLD NEW [--fail-over BYTES]      growth per site between two snapshots\n"
    "  watch PID --every 10s [-o FILE.html]  snapshots over time, growing sites, HTML report\n"
    "  flame FILE -o OUT.svg|OUT.html        flame graph of a snapshot\n"
    "  retain PID|FILE [-n N]                roots retaining the most (snapshot_retention=1)\n"
    "\n"
    "Compile with leakscope-clang / leakscope-clang++ (drop-in for clang / clang++).\n"
    "Run 'leakscope <command> --help' for a command's options and examples.\n";

int main(int argc, char **argv) {
  std::string self = argv[0];
  std::string base = self.substr(self.rfind('/') == std::string::npos ? 0 : self.rfind('/') + 1);
  Args args(argv + 1, argv + argc);
  if (base == "leakscope-clang++") return RunCompilerWrapper(args, true);
  if (base == "leakscope-clang") return RunCompilerWrapper(args, false);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    fputs(kUsage, args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  std::string cmd = args[0];
  Args rest(args.begin() + 1, args.end());
  if (cmd == "config") return RunConfig(rest);
  if (cmd == "run") return RunRun(rest);
  if (cmd == "snap") return RunSnap(rest);
  if (cmd == "top") return RunTop(rest);
  if (cmd == "retain") return RunRetain(rest);
  if (cmd == "diff") return RunDiff(rest);
  if (cmd == "watch") return RunWatch(rest);
  if (cmd == "flame") return RunFlame(rest);
  return UsageError("unknown command '" + cmd + "' (run 'leakscope --help')");
}

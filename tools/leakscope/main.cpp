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
    "\n"
    "Compile with leakscope-clang / leakscope-clang++ (drop-in for clang / clang++).\n"
    "Run 'leakscope <command> --help' for a command's options and examples.\n";

int leakscope::tool::UsageError(const std::string &message) {
  fprintf(stderr, "LeakScope: %s\n", message.c_str());
  return 2;
}

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
  return UsageError("unknown command '" + cmd + "' (run 'leakscope --help')");
}

// leakscope: the command-line tool. Dispatches on argv[0] (the compiler wrappers are
// links to this binary) and then on the subcommand, through the command table.
#include <string>

#include "commands.h"

using namespace leakscope::tool;

int main(int argc, char **argv) {
  std::string self = argv[0];
  std::string base = self.substr(self.rfind('/') == std::string::npos ? 0 : self.rfind('/') + 1);
  Args args(argv + 1, argv + argc);
  if (base == "leakscope-clang++") return RunCompilerWrapper(args, true);
  if (base == "leakscope-clang") return RunCompilerWrapper(args, false);
  return RunCommandLine(CommandTable(), args);
}

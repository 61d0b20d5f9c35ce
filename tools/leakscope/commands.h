// The leakscope subcommands. Each takes its arguments (after the subcommand name) and
// returns the process exit status. Errors are one line, "LeakScope: ...", on stderr.
#pragma once

#include <string>
#include <vector>

namespace leakscope::tool {

using Args = std::vector<std::string>;

int RunConfig(const Args &args);
// leakscope-clang / leakscope-clang++: `cxx` selects the C++ driver.
int RunCompilerWrapper(Args args, bool cxx);

// Prints "LeakScope: <message>" to stderr; returns 2 (bad usage) for convenience.
int UsageError(const std::string &message);

}  // namespace leakscope::tool

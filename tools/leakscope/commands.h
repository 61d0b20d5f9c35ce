// The leakscope subcommands, one table entry each (cli_args.h has the Command type and
// the parser); main() runs the one named on the command line. Errors are one line,
// "LeakScope: ...", on stderr.
#pragma once

#include <vector>

#include "cli_args.h"

namespace leakscope::tool {

extern const Command kConfigCommand;  // config: what a build needs (like llvm-config)
extern const Command kRunCommand;     // run: preload the runtime into an uninstrumented program
extern const Command kSnapCommand;    // snap: one heap snapshot of a running process
extern const Command kTopCommand;     // top: the sites holding the most, as a table
extern const Command kDiffCommand;    // diff: growth per site between two profiles
extern const Command kWatchCommand;   // watch: periodic snapshots, growth table, HTML report
extern const Command kFlameCommand;   // flame: flame graph as SVG or HTML
extern const Command kRetainCommand;  // retain: the roots retaining the most (retention profile)
extern const Command kStaleCommand;   // stale: snapshot a process, stale memory by site

// Every subcommand, in the order leakscope --help lists them.
std::vector<const Command *> CommandTable();

// leakscope-clang / leakscope-clang++: `cxx` selects the C++ driver.
int RunCompilerWrapper(Args args, bool cxx);

}  // namespace leakscope::tool

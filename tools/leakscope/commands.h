// The leakscope subcommands. Each takes its arguments (after the subcommand name) and
// returns the process exit status. Errors are one line, "LeakScope: ...", on stderr.
#pragma once

#include <string>
#include <vector>

namespace leakscope::tool {

using Args = std::vector<std::string>;

int RunConfig(const Args &args);
int RunRun(const Args &args);    // run: preload the runtime into an uninstrumented program
int RunSnap(const Args &args);   // snap: one heap snapshot of a running process
int RunTop(const Args &args);    // top: the sites holding the most, as a table
int RunDiff(const Args &args);   // diff: growth per site between two profiles
int RunWatch(const Args &args);  // watch: periodic snapshots, growth table, HTML report
int RunFlame(const Args &args);  // flame: flame graph as SVG or HTML
int RunRetain(const Args &args);  // retain: the roots retaining the most (retention profile)
// leakscope-clang / leakscope-clang++: `cxx` selects the C++ driver.
int RunCompilerWrapper(Args args, bool cxx);

// Prints "LeakScope: <message>" to stderr; returns 2 (bad usage) for convenience.
int UsageError(const std::string &message);

}  // namespace leakscope::tool

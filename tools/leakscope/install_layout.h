// Where LeakScope's pieces are, found relative to the running leakscope binary:
// <prefix>/bin/leakscope, <prefix>/lib/LeakScopePass-<major>.so, <prefix>/lib/libleakscope_rt.a.
// The same layout holds in the build tree and in an installed tree.
#pragma once

#include <string>
#include <vector>

namespace leakscope::tool {

std::string SelfDir();                 // directory of the leakscope binary
std::string LibDir();                  // <prefix>/lib
std::vector<std::string> BuiltMajors();  // LLVM majors the plugin was built for
// The LLVM major chosen by --llvm=N (removed from args), else LEAKSCOPE_LLVM, else the default.
std::string ChooseMajor(std::vector<std::string> *args);
// Path of the plugin for `major`; empty and a message in *error when there is none.
std::string PluginPath(const std::string &major, std::string *error);
// Directory of LeakScope's own <sanitizer/lsan_interface.h> (include/leakscope/compat),
// resolved; empty when it is not there.
std::string CompatIncludeDir();
// Compile flags: -idirafter CompatIncludeDir(), so code annotated for LeakSanitizer
// compiles where clang's own header is not installed (and uses it where it is).
std::vector<std::string> CompileFlagList();
// Linker flags that add the runtime to an executable.
std::string LinkFlags();
std::vector<std::string> LinkFlagList();
bool FileExists(const std::string &path);
// realpath(3) of `path`, or `path` itself when it cannot be resolved.
std::string RealPath(const std::string &path);

}  // namespace leakscope::tool

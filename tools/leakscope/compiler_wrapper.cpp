// leakscope-clang / leakscope-clang++: run the clang of the chosen LLVM major with the
// matching pass plugin and LeakScope's fallback <sanitizer/lsan_interface.h> (see
// include/leakscope/compat/), and add the runtime when the command links an executable.
// Behaves like clang otherwise: every argument is passed through, the exit status is
// clang's.
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "install_layout.h"

namespace leakscope::tool {

// True when the command produces an executable (not -c/-S/-E, not a shared library).
// -v and -### print what clang runs and still link when there is an input (CMake links
// its compiler-detection programs with -v): the runtime belongs in those links too.
static bool LinksExecutable(const Args &args) {
  bool has_input = false;
  for (const std::string &a : args) {
    if (a == "-c" || a == "-S" || a == "-E" || a == "-M" || a == "-MM" || a == "-fsyntax-only" ||
        a == "-shared" || a == "-r" || a == "--version" || a.rfind("-print-", 0) == 0 ||
        a.rfind("--print-", 0) == 0)
      return false;
    if (!a.empty() && a[0] != '-') has_input = true;
  }
  return has_input;
}

int RunCompilerWrapper(Args args, bool cxx) {
  std::string major = ChooseMajor(&args);
  std::string clang = "/usr/lib/llvm-" + major + "/bin/" + (cxx ? "clang++" : "clang");
  if (!FileExists(clang))
    return UsageError("clang for LLVM " + major + " not found at " + clang +
                      " (install clang-" + major + ", or choose another major with --llvm=N)"),
           1;
  std::string error, plugin = PluginPath(major, &error);
  if (plugin.empty()) return UsageError(error), 1;
  Args cmd = {clang, "-fpass-plugin=" + plugin};
  bool link = LinksExecutable(args);
  cmd.insert(cmd.end(), args.begin(), args.end());
  // After the program's own -idirafter directories, so theirs come first.
  Args compile = CompileFlagList();
  cmd.insert(cmd.end(), compile.begin(), compile.end());
  if (link) {
    Args flags = LinkFlagList();
    cmd.insert(cmd.end(), flags.begin(), flags.end());
  }
  std::vector<char *> argv;
  for (std::string &s : cmd) argv.push_back(s.data());
  argv.push_back(nullptr);
  execv(clang.c_str(), argv.data());
  return UsageError("cannot run " + clang + ": " + strerror(errno)), 1;
}

}  // namespace leakscope::tool

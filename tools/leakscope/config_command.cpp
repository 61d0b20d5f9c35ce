// leakscope config: what a build system needs to instrument a program without the
// wrappers: clang++ -fpass-plugin=$(leakscope config --plugin) $(leakscope config --cflags) ...
// $(leakscope config --ldflags)
#include <stdio.h>

#include "build_config.h"
#include "commands.h"
#include "install_layout.h"

namespace leakscope::tool {

static int RunConfig(const Invocation &in) {
  if (!in.operands.empty()) return in.Error("unexpected argument '" + in.operands[0] + "' (see leakscope config --help)");
  Args llvm;
  if (in.Has("--llvm")) llvm.push_back("--llvm=" + in.Text("--llvm"));
  std::string major = ChooseMajor(&llvm);
  int printed = 0;
  for (const OptionValue &o : in.options) {
    if (o.key == "--plugin") {
      std::string error, path = PluginPath(major, &error);
      if (path.empty()) return UsageError(error), 1;
      printf("%s\n", path.c_str());
    } else if (o.key == "--cflags") {
      std::string s;
      for (const std::string &f : CompileFlagList()) s += (s.empty() ? "" : " ") + f;
      printf("%s\n", s.c_str());
    } else if (o.key == "--ldflags") {
      printf("%s\n", LinkFlags().c_str());
    } else if (o.key == "--version") {
      printf("LeakScope %s\n", LEAKSCOPE_VERSION);
    } else if (o.key == "--llvm-majors") {
      printf("%s\n", LEAKSCOPE_LLVM_MAJORS);
    } else {
      continue;
    }
    printed++;
  }
  if (!printed) return UsageError("config needs one of --plugin, --cflags, --ldflags, --version (see --help)");
  return 0;
}

const Command kConfigCommand = {
    "config",
    "--plugin|--ldflags|--version",
    "print what a build needs (like llvm-config)",
    "[--llvm=N] --plugin | --cflags | --ldflags | --version | --llvm-majors",
    "Prints what a build needs to instrument a program without the wrappers, like\n"
    "llvm-config: one line per option asked for, in order.",
    {
        {{"--llvm"}, ValueKind::kText, "N", "an LLVM major",
         "LLVM major for --plugin (default: LEAKSCOPE_LLVM or " LEAKSCOPE_DEFAULT_LLVM ")"},
        {{"--plugin"}, ValueKind::kFlag, "", "", "path of the pass plugin for LLVM N"},
        {{"--cflags"}, ValueKind::kFlag, "", "",
         "compile flags: -idirafter DIR, a <sanitizer/lsan_interface.h> for code\n"
         "annotated for LeakSanitizer where clang's own is not installed"},
        {{"--ldflags"}, ValueKind::kFlag, "", "", "linker flags that add the LeakScope runtime to an executable"},
        {{"--version"}, ValueKind::kFlag, "", "", "LeakScope's version"},
        {{"--llvm-majors"}, ValueKind::kFlag, "", "", "LLVM majors the plugin was built for"},
    },
    "clang++-19 -g -fpass-plugin=$(leakscope config --llvm=19 --plugin) \\\n"
    "    $(leakscope config --cflags) app.cpp \\\n"
    "    $(leakscope config --ldflags) -o app",
    false,
    RunConfig,
};

}  // namespace leakscope::tool

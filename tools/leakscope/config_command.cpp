// leakscope config: what a build system needs to instrument a program without the
// wrappers: clang++ -fpass-plugin=$(leakscope config --plugin) $(leakscope config --cflags) ...
// $(leakscope config --ldflags)
#include <stdio.h>

#include "build_config.h"
#include "commands.h"
#include "install_layout.h"

namespace leakscope::tool {

static const char kConfigHelp[] =
    "usage: leakscope config [--llvm=N] --plugin | --cflags | --ldflags | --version | --llvm-majors\n"
    "\n"
    "  --plugin       path of the pass plugin for LLVM N (default: LEAKSCOPE_LLVM or " LEAKSCOPE_DEFAULT_LLVM ")\n"
    "  --cflags       compile flags: -idirafter DIR, a <sanitizer/lsan_interface.h> for code\n"
    "                 annotated for LeakSanitizer where clang's own is not installed\n"
    "  --ldflags      linker flags that add the LeakScope runtime to an executable\n"
    "  --version      LeakScope's version\n"
    "  --llvm-majors  LLVM majors the plugin was built for\n"
    "\n"
    "example:\n"
    "  clang++-19 -g -fpass-plugin=$(leakscope config --llvm=19 --plugin) \\\n"
    "      $(leakscope config --cflags) app.cpp \\\n"
    "      $(leakscope config --ldflags) -o app\n";

int RunConfig(const Args &in) {
  Args args = in;
  std::string major = ChooseMajor(&args);
  if (args.empty()) return UsageError("config needs one of --plugin, --cflags, --ldflags, --version (see --help)");
  for (const std::string &a : args) {
    if (a == "--help" || a == "-h") {
      fputs(kConfigHelp, stdout);
      return 0;
    } else if (a == "--plugin") {
      std::string error, path = PluginPath(major, &error);
      if (path.empty()) return UsageError(error), 1;
      printf("%s\n", path.c_str());
    } else if (a == "--cflags") {
      std::string s;
      for (const std::string &f : CompileFlagList()) s += (s.empty() ? "" : " ") + f;
      printf("%s\n", s.c_str());
    } else if (a == "--ldflags") {
      printf("%s\n", LinkFlags().c_str());
    } else if (a == "--version") {
      printf("LeakScope %s\n", LEAKSCOPE_VERSION);
    } else if (a == "--llvm-majors") {
      printf("%s\n", LEAKSCOPE_LLVM_MAJORS);
    } else {
      return UsageError("config: unknown option '" + a + "' (see leakscope config --help)");
    }
  }
  return 0;
}

}  // namespace leakscope::tool

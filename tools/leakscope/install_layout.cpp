#include "install_layout.h"

#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sstream>

#include "build_config.h"

namespace leakscope::tool {

bool FileExists(const std::string &path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

std::string RealPath(const std::string &path) {
  char buf[PATH_MAX];
  return realpath(path.c_str(), buf) ? std::string(buf) : path;
}

std::string SelfDir() {
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  if (n <= 0) return ".";
  buf[n] = 0;
  std::string p(buf);
  return p.substr(0, p.rfind('/'));
}

std::string LibDir() { return SelfDir() + "/../lib"; }

std::vector<std::string> BuiltMajors() {
  std::vector<std::string> out;
  std::istringstream in(LEAKSCOPE_LLVM_MAJORS);
  for (std::string m; in >> m;) out.push_back(m);
  return out;
}

std::string ChooseMajor(std::vector<std::string> *args) {
  std::string major;
  for (auto it = args->begin(); it != args->end();) {
    if (it->rfind("--llvm=", 0) == 0) {
      major = it->substr(7);
      it = args->erase(it);
    } else {
      ++it;
    }
  }
  if (major.empty()) {
    const char *env = getenv("LEAKSCOPE_LLVM");
    if (env && *env) major = env;
  }
  if (major.empty()) major = LEAKSCOPE_DEFAULT_LLVM;
  return major;
}

std::string PluginPath(const std::string &major, std::string *error) {
  std::string path = LibDir() + "/LeakScopePass-" + major + ".so";
  if (FileExists(path)) {
    char buf[PATH_MAX];
    if (realpath(path.c_str(), buf)) return buf;
    return path;
  }
  *error = "no LeakScope plugin for LLVM " + major + " (built for: " + LEAKSCOPE_LLVM_MAJORS +
           "; choose one with --llvm=N or LEAKSCOPE_LLVM)";
  return "";
}

std::string CompatIncludeDir() {
  std::string dir = SelfDir() + "/../include/leakscope/compat";
  if (!FileExists(dir + "/sanitizer/lsan_interface.h")) return "";
  return RealPath(dir);
}

std::vector<std::string> CompileFlagList() {
  std::string dir = CompatIncludeDir();
  if (dir.empty()) return {};
  return {"-idirafter", dir};
}

std::vector<std::string> LinkFlagList() {
  char buf[PATH_MAX];
  std::string lib = LibDir();
  if (realpath(lib.c_str(), buf)) lib = buf;
  // The runtime's interface is exported so that instrumented shared libraries loaded
  // later with dlopen (they reference __leakscope_* and may call __lsan_*) bind to it.
  return {"-Wl,--whole-archive", lib + "/libleakscope_rt.a", "-Wl,--no-whole-archive",
          "-Wl,--export-dynamic-symbol=__leakscope_*", "-Wl,--export-dynamic-symbol=__lsan_*",
          "-lpthread", "-ldl"};
}

std::string LinkFlags() {
  std::string s;
  for (const std::string &f : LinkFlagList()) s += (s.empty() ? "" : " ") + f;
  return s;
}

}  // namespace leakscope::tool

// leakscope run: preload mode, for programs that cannot be rebuilt. Runs CMD with the
// shared runtime in LD_PRELOAD and the -o options added to LEAKSCOPE_OPTIONS, by exec,
// so the exit status (23 on leaks) and signals are the program's own. Only CMD's process
// is checked (whatever it execs: a wrapper or a script's interpreter), not the processes
// it starts, unless --follow-children (LEAKSCOPE_RUN_PID, rt/preload.cpp).
//
// Without the pass there are no source sites from instrumentation: stacks come from
// unwinding, so an uninstrumented program built with frame pointers and -g reports best.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_args.h"
#include "commands.h"
#include "install_layout.h"

namespace leakscope::tool {

static const char kRunHelp[] =
    "usage: leakscope run [-o KEY=VALUE]... [--follow-children] [--] CMD [ARGS...]\n"
    "\n"
    "Runs an uninstrumented program with the LeakScope runtime preloaded (LD_PRELOAD), so\n"
    "it gets the leak check at exit and heap snapshots without rebuilding. The exit status\n"
    "is the program's: 23 when leaks were found (see the exitcode option).\n"
    "\n"
    "  -o KEY=VALUE   a runtime option, added after any LEAKSCOPE_OPTIONS already set\n"
    "                 (LEAKSCOPE_OPTIONS=help=1 lists them)\n"
    "  --follow-children\n"
    "                 check every process CMD starts too (by default only CMD is\n"
    "                 checked and its children run without the runtime); with\n"
    "                 log_path each process writes its own PATH.PID\n"
    "\n"
    "examples:\n"
    "  leakscope run -- ./server --port 8080\n"
    "  leakscope run -o max_leaks=5 -o report_objects=1 -- ./app input.txt\n";

// Quotes a value the runtime's option parser would otherwise split (':' and blanks
// separate options; it accepts "..." and '...').
static bool QuoteOptionValue(const std::string &v, std::string *out) {
  if (v.find_first_of(": \t\n,") == std::string::npos) return *out = v, true;
  if (v.find('"') == std::string::npos) return *out = "\"" + v + "\"", true;
  if (v.find('\'') == std::string::npos) return *out = "'" + v + "'", true;
  return false;
}

int RunRun(const Args &args) {
  size_t i = 0;
  std::string options, value;
  bool follow = false;
  for (; i < args.size(); i++) {
    if (args[i] == "--") {
      i++;
      break;
    }
    if (args[i] == "--help" || args[i] == "-h") return fputs(kRunHelp, stdout), 0;
    if (args[i] == "--follow-children") {
      follow = true;
      continue;
    }
    int m = MatchOption(args, &i, {"-o", "--option"}, &value);
    if (m < 0) return UsageError("run: -o needs KEY=VALUE");
    if (m > 0) {
      size_t eq = value.find('=');
      if (eq == std::string::npos || eq == 0 || value.find_first_of(": \t", 0) < eq)
        return UsageError("run: option '" + value + "' is not KEY=VALUE");
      std::string quoted;
      if (!QuoteOptionValue(value.substr(eq + 1), &quoted))
        return UsageError("run: option value in '" + value + "' has both quote characters and a separator");
      options += (options.empty() ? "" : ":") + value.substr(0, eq) + "=" + quoted;
      continue;
    }
    if (args[i].size() > 1 && args[i][0] == '-')
      return UsageError("run: unknown option '" + args[i] + "' (put the program after --)");
    break;  // first non-option: the program
  }
  if (i >= args.size()) return UsageError("run: which program? (usage: leakscope run [-o KEY=VALUE]... -- CMD ARGS)");

  std::string rt = RealPath(LibDir() + "/libleakscope_rt.so");
  if (!FileExists(rt)) return UsageError("run: runtime library not found at " + rt), 1;
  const char *old_preload = getenv("LD_PRELOAD");
  std::string preload = rt;
  if (old_preload && *old_preload) preload += std::string(":") + old_preload;
  setenv("LD_PRELOAD", preload.c_str(), 1);
  if (!options.empty()) {
    const char *old = getenv("LEAKSCOPE_OPTIONS");
    std::string all = old && *old ? std::string(old) + ":" + options : options;
    setenv("LEAKSCOPE_OPTIONS", all.c_str(), 1);
  }
  // The process to check: this one, which CMD replaces (rt/preload.cpp). Unset with
  // --follow-children, so every descendant is checked.
  if (follow) unsetenv("LEAKSCOPE_RUN_PID");
  else setenv("LEAKSCOPE_RUN_PID", std::to_string(getpid()).c_str(), 1);

  std::vector<char *> argv;
  for (size_t k = i; k < args.size(); k++) argv.push_back(const_cast<char *>(args[k].c_str()));
  argv.push_back(nullptr);
  execvp(argv[0], argv.data());
  int err = errno;
  fprintf(stderr, "LeakScope: run: cannot run '%s': %s\n", argv[0], strerror(err));
  return err == ENOENT ? 127 : 126;
}

}  // namespace leakscope::tool

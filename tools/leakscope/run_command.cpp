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
#include "target_options.h"

namespace leakscope::tool {

// Quotes a value the runtime's option parser would otherwise split (':' and blanks
// end a value, ',' does not; it accepts "..." and '...').
static bool QuoteOptionValue(const std::string &v, std::string *out) {
  if (v.find_first_of(": \t\n") == std::string::npos) return *out = v, true;
  if (v.find('"') == std::string::npos) return *out = "\"" + v + "\"", true;
  if (v.find('\'') == std::string::npos) return *out = "'" + v + "'", true;
  return false;
}

static int RunRun(const Invocation &in) {
  std::string options;
  for (const OptionValue &o : in.options) {
    if (o.key != "-o") continue;
    const std::string &value = o.text;
    size_t eq = value.find('=');
    if (eq == std::string::npos || eq == 0 || value.find_first_of(": \t", 0) < eq)
      return in.Error("option '" + value + "' is not KEY=VALUE");
    std::string quoted;
    if (!QuoteOptionValue(value.substr(eq + 1), &quoted))
      return in.Error("option value in '" + value + "' has both quote characters and a separator");
    std::string pair = value.substr(0, eq) + "=" + quoted;
    // The runtime would stop the program at start-up on a bad value: say so now. (An
    // unknown name it only warns about, at start-up.)
    leakscope::Options parsed;
    std::string why;
    if (!ParseRuntimeOptions(pair, "LEAKSCOPE_OPTIONS", &parsed, &why)) return in.Error(why);
    options += (options.empty() ? "" : ":") + pair;
  }
  if (in.operands.empty()) return in.Error("which program? (usage: leakscope run [-o KEY=VALUE]... -- CMD ARGS)");

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
  if (in.Has("--follow-children")) unsetenv("LEAKSCOPE_RUN_PID");
  else setenv("LEAKSCOPE_RUN_PID", std::to_string(getpid()).c_str(), 1);

  std::vector<char *> argv;
  for (const std::string &a : in.operands) argv.push_back(const_cast<char *>(a.c_str()));
  argv.push_back(nullptr);
  execvp(argv[0], argv.data());
  int err = errno;
  fprintf(stderr, "LeakScope: run: cannot run '%s': %s\n", argv[0], strerror(err));
  return err == ENOENT ? 127 : 126;
}

const Command kRunCommand = {
    "run",
    "[-o KEY=VALUE]... -- CMD ARGS",
    "run an uninstrumented program with the runtime preloaded",
    "[-o KEY=VALUE]... [--follow-children] [--] CMD [ARGS...]",
    "Runs an uninstrumented program with the LeakScope runtime preloaded (LD_PRELOAD), so\n"
    "it gets the leak check at exit and heap snapshots without rebuilding. The exit status\n"
    "is the program's: 23 when leaks were found (see the exitcode option).",
    {
        {{"-o", "--option"}, ValueKind::kText, "KEY=VALUE", "KEY=VALUE",
         "a runtime option, added after any LEAKSCOPE_OPTIONS already set\n"
         "(LEAKSCOPE_OPTIONS=help=1 lists them); checked like the runtime checks it"},
        {{"--follow-children"}, ValueKind::kFlag, "", "",
         "check every process CMD starts too (by default only CMD is\n"
         "checked and its children run without the runtime); with\n"
         "log_path each process writes its own PATH.PID"},
    },
    "leakscope run -- ./server --port 8080\n"
    "leakscope run -o max_leaks=5 -o report_objects=1 -- ./app input.txt",
    true,
    RunRun,
};

}  // namespace leakscope::tool

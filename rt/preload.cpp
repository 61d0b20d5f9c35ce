// Only in the preload runtime (libleakscope_rt.so): which processes it checks.
//
// LD_PRELOAD is inherited, so every process the checked program starts loads the
// runtime too: inside `leakscope run -- bash -c '...'`, `sort` and `python3` were
// checked, exited 23 on their own leaks and printed reports into whatever stderr they
// had (sort's was lost: it closed stderr). So `leakscope run` names the process to
// check: LEAKSCOPE_RUN_PID, its own pid, which the program it execs keeps. Whatever
// that process execs is checked (a wrapper such as env, a pyenv shim, a script's
// interpreter: exec keeps the pid); the processes it creates are not:
//   * a fork child does no leak check, exit snapshot or exit-time report (a
//     pthread_atfork child handler). Its
//     environment is left alone: the program owns it by then (bash keeps its own
//     count of environ's entries, and crashed when one was removed under it);
//   * a process that loads the runtime with LEAKSCOPE_RUN_PID naming another pid
//     (what a fork child execs, or a process from vfork or posix_spawn) runs with the
//     runtime inert: before the runtime starts, its LEAKSCOPE_OPTIONS gain
//     detect_leaks=0 and no snapshots, and its LD_PRELOAD loses the runtime, so its
//     own children run without it. Its exit code and output are its own.
// Without LEAKSCOPE_RUN_PID (a plain LD_PRELOAD=, or `leakscope run --follow-children`)
// every process is checked, as LD_PRELOAD always did; with log_path each writes its
// own PATH.PID.
//
// The environment is edited only there, before any of the program's code ran, and
// without malloc (setenv would allocate from the heap being checked): an LD_PRELOAD entry naming libleakscope_rt.so is cut out of the value in
// place, other preloads stay in order, and an LD_PRELOAD left empty is removed from
// environ; the longer LEAKSCOPE_OPTIONS is built in a static buffer that environ then
// points to.
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/common.h"
#include "options.h"

extern "C" char **environ;

namespace leakscope {

static constexpr char kPreloadVar[] = "LD_PRELOAD=";
static constexpr char kOptionsVar[] = "LEAKSCOPE_OPTIONS=";
static constexpr char kRunPidVar[] = "LEAKSCOPE_RUN_PID";
static constexpr char kRuntimeName[] = "libleakscope_rt.so";
// Appended to a descendant's options: nothing it does depends on the runtime any more.
static constexpr char kInert[] =
    "detect_leaks=0:snapshot_signal=0:snapshot_interval_s=0:snapshot_at_exit=0";

static bool IsSeparator(char c) { return c == ':' || c == ' '; }

// Whether the entry [b, e) names this runtime (by its file name: the path may be
// relative, or name a link).
static bool IsRuntimeEntry(const char *b, const char *e) {
  uptr n = sizeof(kRuntimeName) - 1;
  if ((uptr)(e - b) < n || memcmp(e - n, kRuntimeName, n)) return false;
  return e - b == (long)n || e[-(long)n - 1] == '/';
}

// Rewrites the value in place without runtime entries; returns its new length.
static uptr StripRuntime(char *value) {
  char *out = value;
  const char *p = value;
  while (*p) {
    while (IsSeparator(*p)) p++;
    const char *b = p;
    while (*p && !IsSeparator(*p)) p++;
    if (b == p || IsRuntimeEntry(b, p)) continue;
    if (out != value) *out++ = ':';
    memmove(out, b, p - b);
    out += p - b;
  }
  *out = 0;
  return out - value;
}

static void RemoveRuntimeFromPreload() {
  if (!environ) return;
  for (uptr i = 0; environ[i];) {
    char *e = environ[i];
    if (strncmp(e, kPreloadVar, sizeof(kPreloadVar) - 1) || StripRuntime(e + sizeof(kPreloadVar) - 1)) {
      i++;
      continue;
    }
    for (uptr j = i; environ[j]; j++) environ[j] = environ[j + 1];  // an empty one goes
  }
}

// LEAKSCOPE_OPTIONS with kInert appended (or set to it).
static void MakeInert() {
  static char buf[8192];
  char **slot = nullptr;
  for (char **e = environ; e && *e; e++)
    if (!strncmp(*e, kOptionsVar, sizeof(kOptionsVar) - 1)) slot = e;
  const char *old = slot ? *slot + sizeof(kOptionsVar) - 1 : "";
  int n = snprintf(buf, sizeof(buf), "%s%s%s%s", kOptionsVar, old, *old ? ":" : "", kInert);
  if (n < 0 || (uptr)n >= sizeof(buf)) return;  // too long: left as it is
  if (slot) {
    *slot = buf;
    return;
  }
  // No LEAKSCOPE_OPTIONS: take the place of LEAKSCOPE_RUN_PID (there, or this would
  // not run), which nothing reads once the runtime is gone from LD_PRELOAD.
  uptr n_run = sizeof(kRunPidVar) - 1;
  for (char **e = environ; e && *e; e++)
    if (!strncmp(*e, kRunPidVar, n_run) && (*e)[n_run] == '=') {
      *e = buf;
      return;
    }
}

// The pid LEAKSCOPE_RUN_PID names, or 0.
static long RunPid() {
  const char *v = GetEnv(kRunPidVar);
  if (!v || !*v) return 0;
  long pid = 0;
  for (; *v >= '0' && *v <= '9'; v++) pid = pid * 10 + (*v - '0');
  return *v ? 0 : pid;
}

// A fork child that does not exec (a shell's subshell) is not the checked process
// either: no leak check, no exit snapshot, no exit-time stale or retention report of its
// own (they would print into the shell's stderr and overwrite its snapshot file).
static void ForkChild() {
  g_options.detect_leaks = false;
  g_options.snapshot_at_exit = false;
  g_options.report_stale = false;
  g_options.report_pinned = false;
  g_options.retention_path_site = "";
}

}  // namespace leakscope

using namespace leakscope;

// Before InitRuntime (init.cpp, priority 101), which parses the options: a descendant's
// options must say "inert" by then. Priorities up to 100 are reserved for the
// implementation, which this runtime is, for the program it is preloaded into.
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wunknown-warning-option"
#pragma clang diagnostic ignored "-Wprio-ctor-dtor"
__attribute__((constructor(100))) static void LeakScopePreloadConstructor() {
  long pid = RunPid();
  if (!pid) return;
  if (pid != getpid()) {
    MakeInert();
    RemoveRuntimeFromPreload();
    return;
  }
  pthread_atfork(nullptr, nullptr, ForkChild);
}
#pragma clang diagnostic pop

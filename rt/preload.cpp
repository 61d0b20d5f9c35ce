// Only in the preload runtime (libleakscope_rt.so): which processes the preload reaches.
//
// LD_PRELOAD is inherited, so without this every process the checked program starts
// would load the runtime too: a shell script's `sort` or `python3` would be checked,
// exit 23 on its own leaks and print reports into whatever stderr it has (or lose them
// when it closed stderr). With follow_children=0, which `leakscope run` sets unless
// given --follow-children, only the program that was named is checked: once the
// runtime is up, it removes itself from LD_PRELOAD in the environment, so children run
// unchanged (ld.so has read LD_PRELOAD already; this process keeps the runtime). With
// follow_children=1, the default for a plain LD_PRELOAD=, which users (and wrappers
// such as env or a test's exit-code script) expect to reach the program they start,
// the entry stays and every descendant is checked (with log_path, each writes its own
// PATH.PID).
//
// The environment is edited in place: an entry naming libleakscope_rt.so is cut out of
// the value, other preloads stay in order; an LD_PRELOAD left empty is removed from
// environ. No malloc (setenv would allocate from the heap being checked).
#include <string.h>

#include "base/common.h"
#include "options.h"

extern "C" char **environ;

namespace leakscope {

static constexpr char kPreloadVar[] = "LD_PRELOAD=";
static constexpr char kRuntimeName[] = "libleakscope_rt.so";

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

}  // namespace leakscope

// After InitRuntime (priority 101): the options are known.
__attribute__((constructor(102))) static void LeakScopePreloadConstructor() {
  if (!leakscope::g_options.follow_children) leakscope::RemoveRuntimeFromPreload();
}

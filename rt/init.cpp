// Runtime start-up. The static runtime is initialised from .preinit_array (preinit.cpp),
// before any constructor of the program or its libraries, so the at-exit leak check is
// registered first and runs last: after static destructors and after libstdc++ has
// flushed its streams. The preload library uses a high-priority constructor instead.
#include "init.h"

#include <stdlib.h>

#include "allocator.h"
#include "common.h"
#include "leak_check.h"
#include "options.h"
#include "stop_the_world.h"
#include "suppressions.h"
#include "threads.h"

namespace leakscope {

static bool g_inited;
char **g_startup_envp;

const char *GetEnv(const char *name) {
  if (const char *v = getenv(name)) return v;
  if (!g_startup_envp) return nullptr;
  uptr n = 0;
  while (name[n]) n++;
  for (char **e = g_startup_envp; *e; e++) {
    const char *s = *e;
    uptr i = 0;
    while (i < n && s[i] == name[i]) i++;
    if (i == n && s[n] == '=') return s + n + 1;
  }
  return nullptr;
}

void InitRuntime() {
  if (g_inited) return;
  g_inited = true;
  InitAllocator();
  InitOptions();
  InitThreads();
  InitStopTheWorld();
  InitSuppressions();
  atexit(LeakCheckAtExit);
}

}  // namespace leakscope

__attribute__((constructor(101))) static void LeakScopeConstructor() { leakscope::InitRuntime(); }

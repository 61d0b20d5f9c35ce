// Runtime start-up. The static runtime is initialised from .preinit_array (preinit.cpp),
// before any constructor of the program or its libraries, so the at-exit leak check is
// registered first and runs last: after static destructors and after libstdc++ has
// flushed its streams. The preload library uses a high-priority constructor instead.
#include "init.h"

#include <stdlib.h>

#include "base/common.h"
#include "check/exit_graph.h"
#include "check/suppressions.h"
#include "fork.h"
#include "heap/access_mode.h"
#include "heap/allocator.h"
#include "options.h"
#include "profile/snapshot_trigger.h"
#include "report/leak_checks.h"
#include "report/retention_report.h"
#include "report/stale_report.h"
#include "world/before_destructors.h"
#include "stacks/stack_depot.h"
#include "world/stop_the_world.h"
#include "world/threads.h"

namespace leakscope {

static bool g_inited;
void InitRuntime(char **envp) {
  if (g_inited) return;
  g_inited = true;
  SetInitialEnvironment(envp);
  InitAllocator();
  InitOptions();
  ApplyAllocatorOptions();
  InitAccessInterceptors();
  InitThreads();
  InitStopTheWorld();
  InitFork();
  InitSuppressions();
  atexit(LeakCheckAtExit);
  AddBeforeDestructorsHook(StaleReportBeforeDestructors);
  if (g_options.report_pinned || *g_options.retention_path_site)
    AddBeforeDestructorsHook(RetentionReportBeforeExit);
  AddBeforeDestructorsHook(ReleaseExitHeapGraph);  // after every report that shares it
  InitSnapshotTriggers();  // after the leak check's atexit: a fallback exit snapshot comes first
}

}  // namespace leakscope

__attribute__((constructor(101))) static void LeakScopeConstructor() { leakscope::InitRuntime(); }

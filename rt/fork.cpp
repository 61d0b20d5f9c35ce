#include "fork.h"

#include <pthread.h>

#include "base/internal_alloc.h"
#include "base/report_io.h"
#include "check/leak_check.h"
#include "heap/allocator.h"
#include "options.h"
#include "stacks/stack_depot.h"
#include "stacks/symbolizer.h"
#include "world/threads.h"

namespace leakscope {

static void BeforeFork() {
  LeakCheckLock();
  ThreadRegistryLock();
  AllocatorLockAll();
  DepotLockAll();
  InternalAllocLockAll();
}

static void AfterForkParent() {
  InternalAllocUnlockAll();
  DepotUnlockAll();
  AllocatorUnlockAll();
  ThreadRegistryUnlock();
  LeakCheckUnlock();
}

static void AfterForkChild() {
  InternalAllocUnlockAll();
  DepotUnlockAll();
  AllocatorUnlockAll();
  ThreadRegistryAfterForkChild();  // unlocks it, too
  LeakCheckUnlock();
  SymbolizerAfterForkChild();
  ReopenReportFileAfterFork(g_options.log_path);
}

void InitFork() {
  if (pthread_atfork(BeforeFork, AfterForkParent, AfterForkChild) != 0)
    Warn("cannot register fork handlers; a forked child may deadlock");
}

}  // namespace leakscope

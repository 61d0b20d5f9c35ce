#include "fork.h"

#include <pthread.h>

#include "allocator.h"
#include "internal_alloc.h"
#include "leak_check.h"
#include "options.h"
#include "report_io.h"
#include "stack_depot.h"
#include "symbolizer.h"
#include "threads.h"

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

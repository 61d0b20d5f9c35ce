#include "fork.h"

#include <pthread.h>

#include "base/locks.h"
#include "base/report_io.h"
#include "options.h"
#include "stacks/bucket_counters.h"
#include "stacks/symbolizer.h"
#include "world/threads.h"

namespace leakscope {

static void BeforeFork() { LockAllInOrder(); }

static void AfterForkParent() { UnlockAllInOrder(); }

static void AfterForkChild() {
  // Still holding every lock: nothing else runs in the child yet.
  ThreadRegistryAfterForkChild();
  SymbolizerAfterForkChild();
  BucketTablesAfterForkChild();  // the other threads' counts stay, their tables free
  UnlockAllInOrder();
  ReopenReportFileAfterFork(g_options.log_path);
}

void InitFork() {
  if (pthread_atfork(BeforeFork, AfterForkParent, AfterForkChild) != 0)
    Warn("cannot register fork handlers; a forked child may deadlock");
}

}  // namespace leakscope

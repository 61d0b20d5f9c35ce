#include "check/leak_check.h"

#include <time.h>

#include "base/report_io.h"
#include "check/leak_set.h"
#include "check/marker.h"
#include "check/ownership.h"
#include "check/roots.h"
#include "options.h"
#include "world/stop_the_world.h"

namespace leakscope {

static SpinLock g_check_lock;

static u64 NowNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (u64)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void MarkWorldStoppedCb(void *arg) {
  LeakSet *leaks = (LeakSet *)arg;
  u64 t0 = NowNs();
  Marker m;
  m.Reset();
  u64 t1 = NowNs();
  ScanGlobals(&m);
  ScanThreads(&m);
  ScanRootRegions(&m);
  m.FloodFill();
  u64 t2 = NowNs();
  m.ClassifyUnreachable();
  u64 t3 = NowNs();
  CollectLeaks(m.unreachable(), leaks);
  ComputeOwnership(m.unreachable(), leaks);
  u64 t4 = NowNs();
  if (g_options.verbosity >= 1)
    Warn("leak check with the world stopped: %.1f ms (reset %.1f, mark %.1f, classify %.1f, "
         "collect %.1f)",
         (t4 - t0) / 1e6, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6);
}

void LeakCheckLock() { g_check_lock.Lock(); }
void LeakCheckUnlock() { g_check_lock.Unlock(); }

void CollectLeaksLocked(LeakSet *leaks) { RunWithWorldStopped(MarkWorldStoppedCb, leaks); }

void CollectLeaksNow(LeakSet *leaks) {
  ScopedLock l(&g_check_lock);
  CollectLeaksLocked(leaks);
}

}  // namespace leakscope

#include "check/leak_check.h"

#include <time.h>

#include "base/locks.h"
#include "base/proc_maps.h"
#include "base/report_io.h"
#include "check/leak_set.h"
#include "check/mapped_roots.h"
#include "check/marker.h"
#include "check/ownership.h"
#include "check/readable_memory.h"
#include "check/roots.h"
#include "check/thread_leaks.h"
#include "check/suppressions.h"
#include "options.h"
#include "world/stop_the_world.h"

namespace leakscope {

Mutex g_check_lock{LockRank::kLeakCheck};
LS_REGISTER_LOCK(g_check_lock);

static u64 NowNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (u64)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

namespace {
// What one check gathers before the stop and uses inside it.
struct CheckState {
  LeakSet *leaks;
  InternalVector<GlobalRange> globals;  // gathered before the stop (roots.cpp)
  InternalVector<MapEntry> maps;        // read with the world stopped
  ReadableMemory readable;
};
}  // namespace

static void MarkWorldStoppedCb(void *arg) {
  CheckState *st = (CheckState *)arg;
  u64 t0 = NowNs();
  // The mappings as they are now: no program thread changes them until the resume.
  if (!ReadProcMaps(&st->maps) && g_options.verbosity >= 1)
    Warn("cannot read /proc/self/maps: unreadable memory is not skipped, mappings not scanned");
  st->readable.Load(st->maps);
  Marker m;
  m.SetReadable(st->readable.loaded() ? &st->readable : nullptr);
  m.RecordLinks(HasSuppressions());  // for suppressed_holdings.h
  m.Reset();
  u64 t1 = NowNs();
  ScanGlobals(&m, st->globals);
  if (g_options.detect_thread_leaks) {  // threads blocked on unreachable objects
    ScanRootRegions(&m);
    ScanMappedRoots(&m, st->maps, st->globals);
    MarkThreadsFindingLeaks(&m, st->readable.loaded() ? &st->readable : nullptr,
                            &st->leaks->threads);
  } else {
    ScanThreads(&m);
    ScanRootRegions(&m);
    ScanMappedRoots(&m, st->maps, st->globals);
    m.FloodFill();
  }
  u64 t2 = NowNs();
  m.ClassifyUnreachable();
  u64 t3 = NowNs();
  CollectLeaks(m.unreachable(), st->leaks, HasSuppressions() ? &m.links() : nullptr);
  ComputeOwnership(m.unreachable(), st->leaks, st->readable.loaded() ? &st->readable : nullptr);
  u64 t4 = NowNs();
  if (g_options.verbosity >= 2)
    Warn("leak check: %s", WorldIsExclusive() ? "every thread stopped; tags set with plain stores"
                                              : "a thread runs on; tags set with atomic OR");
  if (g_options.verbosity >= 1) {
    if (m.skipped_bytes())
      Warn("leak check: skipped %zu byte(s) in %zu range(s) the program made unreadable "
           "(PROT_NONE or unmapped)",
           (size_t)m.skipped_bytes(), (size_t)m.skipped_ranges());
    Warn("leak check with the world stopped: %.1f ms (reset %.1f, mark %.1f, classify %.1f, "
         "collect %.1f)",
         (t4 - t0) / 1e6, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6);
  }
}

void LeakCheckLock() { g_check_lock.Lock(); }
void LeakCheckUnlock() { g_check_lock.Unlock(); }

void CollectLeaksLocked(LeakSet *leaks) {
  CheckState st;
  st.leaks = leaks;
  GatherGlobals(&st.globals);  // before the stop: it takes the loader's lock
  if (g_options.detect_thread_leaks) GatherThreadLeakCode();  // the same
  RunWithWorldStopped(MarkWorldStoppedCb, &st);
  FinishThreadLeaks(&leaks->threads);
}

void CollectLeaksNow(LeakSet *leaks) {
  ScopedLock l(&g_check_lock);
  CollectLeaksLocked(leaks);
}

}  // namespace leakscope

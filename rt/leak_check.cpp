#include "leak_check.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "leak_report.h"
#include "marker.h"
#include "options.h"
#include "report_io.h"
#include "roots.h"
#include "stop_the_world.h"
#include "suppressions.h"

LS_WEAK int __lsan_is_turned_off();
LS_WEAK int __leakscope_is_turned_off();

namespace leakscope {

static SpinLock g_check_lock;
static bool g_final_check_done;

// Bytes per (stack, kind) at the previous delta check, for kDelta.
namespace {
struct DeltaEntry {
  u64 key;
  u64 bytes;
};
InternalVector<DeltaEntry> *g_delta;
}  // namespace

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
  u64 t4 = NowNs();
  if (g_options.verbosity >= 1)
    Warn("leak check with the world stopped: %.1f ms (reset %.1f, mark %.1f, classify %.1f, "
         "collect %.1f)",
         (t4 - t0) / 1e6, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6);
}

static u64 DeltaKey(const LeakRecord &r) { return ((u64)r.stack_id << 1) | r.indirect; }

// Suppresses records that did not grow since the previous delta check; remembers sizes.
static void ApplyDelta(LeakSet *leaks) {
  if (!g_delta) g_delta = InternalNew<InternalVector<DeltaEntry>>();
  for (LeakRecord &r : leaks->records) {
    u64 key = DeltaKey(r), prev = 0;
    DeltaEntry *found = nullptr;
    for (DeltaEntry &d : *g_delta)
      if (d.key == key) found = &d;
    if (found) prev = found->bytes;
    if (r.bytes <= prev) r.suppressed = true;
    if (found) found->bytes = r.bytes;
    else g_delta->push_back({key, r.bytes});
  }
}

bool DoLeakCheck(CheckMode mode) {
  if (!g_options.detect_leaks) return false;
  ScopedLock l(&g_check_lock);
  if (g_final_check_done) return false;
  if (mode == CheckMode::kFinal) g_final_check_done = true;
  LeakSet leaks;
  RunWithWorldStopped(MarkWorldStoppedCb, &leaks);
  if (mode == CheckMode::kDelta) ApplyDelta(&leaks);
  for (LeakRecord &r : leaks.records)
    if (!r.suppressed) r.suppressed = IsSuppressed(DepotGet(r.stack_id), r.bytes, r.objects);
  SortLeaks(&leaks);
  u64 bytes = PrintLeakReport(&leaks);
  if (!bytes) PrintMatchedSuppressions();
  bool leaked = bytes != 0;
  if (leaked && mode == CheckMode::kFinal && g_options.exitcode) {
    fflush(nullptr);
    _exit(g_options.exitcode);
  }
  return leaked;
}

void LeakCheckLock() { g_check_lock.Lock(); }
void LeakCheckUnlock() { g_check_lock.Unlock(); }

void CollectLeaksNow(LeakSet *leaks) {
  ScopedLock l(&g_check_lock);
  RunWithWorldStopped(MarkWorldStoppedCb, leaks);
}

void LeakCheckAtExit() {
  if (!g_options.leak_check_at_exit) return;
  if (__lsan_is_turned_off && __lsan_is_turned_off()) return;
  if (__leakscope_is_turned_off && __leakscope_is_turned_off()) return;
  DoLeakCheck(CheckMode::kFinal);
}

}  // namespace leakscope

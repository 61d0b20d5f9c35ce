// The epoch clock (see epoch_clock.h).
#include "heap/epoch_clock.h"

#include <sys/mman.h>
#include <time.h>

#include "base/internal_alloc.h"
#include "base/locks.h"
#include "base/report_io.h"
#include "base/runtime_mappings.h"
#include "heap/shadow.h"
#include "heap/shadow_sweep.h"

namespace leakscope {

u32 g_epoch;  // the full epoch; __leakscope_epoch (shadow.cpp) is its low byte

// Serialises advances and the sweeps they run (a sweep reads the whole shadow: a
// Mutex, so an API caller waiting behind one sleeps). Readers never take it: the
// stopped-world stale collection reads start times, and a stopped program thread may be
// inside __leakscope_epoch_advance.
Mutex g_epoch_lock{LockRank::kShadowEpoch};
LS_REGISTER_LOCK(g_epoch_lock);

namespace {
u32 g_last_sweep LS_GUARDED_BY(g_epoch_lock);  // the epoch at which the last sweep ran
u32 g_advances, g_sweeps;
u64 g_start_ns;  // epoch 0's start: InitEpochClock
// Start times: ring[e % kExactEpochs] for recent epochs, coarse[k] = start of epoch
// k * kCoarseStep for every epoch of the 32-bit range (skipped epochs start with their
// successor). Written before the epoch is published (release), read after reading it.
u64 g_ring[kExactEpochs];
constexpr uptr kCoarseEntries = (1ull << 32) / kCoarseStep;
u64 *g_coarse;  // reserved, committed as epochs pass (8 bytes per 64 epochs)
}  // namespace

void InitEpochClock() {
  if (g_coarse) return;
  void *p = mmap(nullptr, kCoarseEntries * sizeof(u64), PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) Fatal("cannot reserve the epoch start times");
  RegisterRuntimeMapping(p, kCoarseEntries * sizeof(u64), RuntimeMemory::kShadow);
  g_start_ns = MonotonicNowNs();
  g_ring[0] = g_start_ns;
  g_coarse = (u64 *)p;
  g_coarse[0] = g_start_ns;
}

u64 MonotonicNowNs() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (u64)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void RecordStart(u32 e, u64 t) {
  __atomic_store_n(&g_ring[e % kExactEpochs], t, __ATOMIC_RELAXED);
  if (e % kCoarseStep == 0) __atomic_store_n(&g_coarse[e / kCoarseStep], t, __ATOMIC_RELAXED);
}

u32 AdvanceEpoch() {
  ScopedLock<Mutex> l(&g_epoch_lock);
  InitEpochClock();  // the unit tests advance before any runtime start-up
  u32 cur = CurrentEpoch();
  // The sweep runs before the new epoch is published, with `cur` still current: every
  // stamp it leaves behind is younger than kSweepEvery epochs (shadow_sweep.h).
  if (cur - g_last_sweep >= kSweepEvery) {
    SweepShadow(cur);
    g_last_sweep = cur;
    __atomic_store_n(&g_sweeps, g_sweeps + 1, __ATOMIC_RELAXED);
  }
  u64 t = MonotonicNowNs();
  u32 e = cur + 1;
  if ((u8)e == 0) {  // 0 means "never accessed": skip it, as a zero-length epoch
    RecordStart(e, t);
    e++;
  }
  RecordStart(e, t);
  __atomic_store_n(&g_epoch, e, __ATOMIC_RELEASE);
  __atomic_store_n(&__leakscope_epoch, (u8)e, __ATOMIC_RELEASE);
  __atomic_store_n(&g_advances, g_advances + 1, __ATOMIC_RELAXED);
  return e;
}

u64 EpochStartNs(u32 e) {
  u32 cur = __atomic_load_n(&g_epoch, __ATOMIC_ACQUIRE);
  if (e == 0 || !g_coarse) return g_start_ns;
  if (e > cur) e = cur;
  // A margin below the ring's size: an advance racing this read overwrites the
  // oldest slot.
  if (cur - e < kExactEpochs - 64) return __atomic_load_n(&g_ring[e % kExactEpochs], __ATOMIC_RELAXED);
  // Older: the next recorded start at or after e (never earlier than the truth).
  uptr k = ((uptr)e + kCoarseStep - 1) / kCoarseStep;
  if (k > cur / kCoarseStep) k = cur / kCoarseStep;
  return __atomic_load_n(&g_coarse[k], __ATOMIC_RELAXED);
}

u64 EpochEndNs(u32 e, u64 now) {
  if (e >= CurrentEpoch()) return now;
  u64 end = EpochStartNs(e + 1);
  return end < now ? end : now;
}

u32 EpochsAdvanced() { return __atomic_load_n(&g_advances, __ATOMIC_RELAXED); }
u32 SweepsDone() { return __atomic_load_n(&g_sweeps, __ATOMIC_RELAXED); }



}  // namespace leakscope

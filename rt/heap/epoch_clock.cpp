// The epoch clock (see epoch_clock.h).
#include "heap/epoch_clock.h"

#include <time.h>

#include "base/internal_alloc.h"
#include "heap/shadow.h"
#include "heap/shadow_sweep.h"

namespace leakscope {

u32 g_epoch;  // the full epoch; __leakscope_epoch (shadow.cpp) is its low byte

namespace {
SpinLock g_lock;        // serialises advances (and the sweeps they run)
u32 g_last_sweep;       // the epoch at which the last sweep ran
u32 g_advances, g_sweeps;
u64 g_start_ns;         // epoch 0's start: the first use of the clock
// Start times: ring[e % kExactEpochs] for recent epochs, coarse[k] = start of epoch
// k * kCoarseStep for every epoch ever (skipped epochs start with their successor).
u64 g_ring[kExactEpochs];
InternalVector<u64> *g_coarse;
}  // namespace

u64 MonotonicNowNs() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (u64)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

// Epoch 0 starts when the clock is first used; the caller holds g_lock.
static void EnsureStartedLocked() {
  if (g_coarse) return;
  g_start_ns = MonotonicNowNs();
  g_ring[0] = g_start_ns;
  g_coarse = InternalNew<InternalVector<u64>>();
  g_coarse->push_back(g_start_ns);
}

static void RecordStartLocked(u32 e, u64 t) {
  g_ring[e % kExactEpochs] = t;
  if (e % kCoarseStep == 0) g_coarse->push_back(t);
}

u32 AdvanceEpoch() {
  ScopedLock l(&g_lock);
  EnsureStartedLocked();
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
    RecordStartLocked(e, t);
    e++;
  }
  RecordStartLocked(e, t);
  __atomic_store_n(&g_epoch, e, __ATOMIC_RELEASE);
  __atomic_store_n(&__leakscope_epoch, (u8)e, __ATOMIC_RELEASE);
  __atomic_store_n(&g_advances, g_advances + 1, __ATOMIC_RELAXED);
  return e;
}

u64 EpochStartNs(u32 e) {
  u32 cur = CurrentEpoch();
  if (!__atomic_load_n(&g_coarse, __ATOMIC_ACQUIRE)) {
    ScopedLock l(&g_lock);
    EnsureStartedLocked();
  }
  if (e == 0) return g_start_ns;
  if (e > cur) e = cur;
  // A margin below the ring's size: an advance racing this read overwrites the
  // oldest slot.
  if (cur - e < kExactEpochs - 64) return __atomic_load_n(&g_ring[e % kExactEpochs], __ATOMIC_RELAXED);
  // Older: the next recorded start at or after e (never earlier than the truth).
  ScopedLock l(&g_lock);
  uptr k = (e + kCoarseStep - 1) / kCoarseStep;
  if (k >= g_coarse->size()) k = g_coarse->size() - 1;
  return (*g_coarse)[k];
}

u64 EpochEndNs(u32 e, u64 now) {
  if (e >= CurrentEpoch()) return now;
  u64 end = EpochStartNs(e + 1);
  return end < now ? end : now;
}

u32 EpochsAdvanced() { return __atomic_load_n(&g_advances, __ATOMIC_RELAXED); }
u32 SweepsDone() { return __atomic_load_n(&g_sweeps, __ATOMIC_RELAXED); }

void EpochClockAfterForkChild() { g_lock.Unlock(); }

}  // namespace leakscope

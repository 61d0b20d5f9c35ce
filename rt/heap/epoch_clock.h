// The epoch clock: the time base of the access shadow (shadow.h). An epoch is a span of
// time; instrumented code stamps a granule with the low byte of the epoch in which it
// was accessed, and the clock remembers when each epoch began, so an epoch number
// becomes an age in seconds.
//
// Who advances it: the clock thread (world/clock_thread.cpp) every epoch_period_ms,
// every heap snapshot, and __leakscope_epoch_advance(). Advances are serialised by one
// lock; each one records the new epoch's start time (CLOCK_MONOTONIC) and, every
// kSweepEvery epochs, runs the shadow sweep (shadow_sweep.h) before the new epoch is
// published, so no shadow byte ever lives long enough to alias (see shadow_sweep.h).
// Advances hold the kShadowEpoch Mutex (base/locks.h: fork takes it like every lock);
// readers of start times take no lock (the stopped-world stale collection reads them).
//
// Invariants:
//  * g_epoch only grows; epochs whose low byte is 0 are skipped after epoch 0 (a shadow
//    byte 0 means "never accessed"), so a granule stamp is never 0;
//  * EpochStartNs(e) <= EpochStartNs(e + 1), and EpochStartNs(CurrentEpoch()) <= now;
//  * start times are exact for the last kExactEpochs epochs; older epochs' start times
//    are kept for every kCoarseStep-th epoch only and rounded towards the later one, so
//    an age computed for an old epoch is never larger than the truth, and at most
//    kCoarseStep epochs smaller (at the default period: 63 s short of ages above 18 h).
#pragma once

#include "base/common.h"

namespace leakscope {

constexpr u32 kSweepEvery = 64;       // epochs between two sweeps of the shadow
constexpr u32 kExactEpochs = 1 << 16;  // epochs whose start time is kept exactly
constexpr u32 kCoarseStep = 64;        // older epochs: one start time per this many

// The current epoch (a relaxed read: it may be one behind an advance in progress).
extern u32 g_epoch;
inline u32 CurrentEpoch() { return __atomic_load_n(&g_epoch, __ATOMIC_RELAXED); }
// Advances the epoch (sweeping first when one is due) and returns the new one.
u32 AdvanceEpoch();
// CLOCK_MONOTONIC now, in nanoseconds.
u64 MonotonicNowNs();
// When epoch e began (epoch 0: when the runtime started). e <= CurrentEpoch().
u64 EpochStartNs(u32 e);
// When epoch e ended: the start of the next epoch, or `now` for the current one.
u64 EpochEndNs(u32 e, u64 now);
// Advances since the process started (verbosity=1 prints it at exit).
u32 EpochsAdvanced();
// Sweeps done so far (tests: the sweep really runs).
u32 SweepsDone();
// Reserves the start-time table and starts epoch 0 (InitShadow calls it).
void InitEpochClock();

}  // namespace leakscope

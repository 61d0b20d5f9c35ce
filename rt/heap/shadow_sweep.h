// The shadow sweep: what keeps a one-byte stamp exact at any age.
//
// A shadow byte holds only the low 8 bits of an epoch, so on its own a stamp older than
// 255 epochs would alias to a recent one (a block untouched for a week would look
// fresh). As Dr. Heapstat does, a periodic sweep folds old stamps into a per-chunk
// last-access epoch kept at full width, and clears them:
//
//   every kSweepEvery (64) epochs, before the next epoch is published, for every shadow
//   byte v != 0 of the heap handed out so far whose age (u8)(now - v) is >= kFoldAge:
//     folded[chunk of that granule] = max(folded[...], now - age);  then CAS v -> 0.
//
// Invariants:
//  * between two sweeps at most kSweepEvery epochs pass (epoch_clock.cpp runs the sweep
//    inside the advance that would pass it), and a sweep leaves only stamps younger than
//    kFoldAge, so a live stamp is always younger than kFoldAge + kSweepEvery + 1 (130)
//    epochs: decoding it is exact. A stamp that decodes as older than kFutureAge (192)
//    was therefore written after the reader read the epoch: it counts as "now";
//  * the last access of a chunk = max(folded[chunk slot], its decoded stamps). folded[]
//    is written before the stamp is cleared, so a reader never sees neither;
//  * folded[] is per chunk slot (size-class slot, or large-region first page), never
//    reset: whatever a slot's earlier life left there is older than the slot's current
//    allocation, whose first granule is stamped at allocation (shadow.h), so it never
//    shows. Stamps of free slots are folded the same way (so they cannot alias when the
//    slot is reused);
//  * a stamp the program writes while the sweep clears it survives: the clear is a
//    compare-and-swap from the value the sweep read;
//  * the sweep reads only resident shadow pages (mincore): shadow given back with the
//    heap's free pages stays given back.
//
// Cost: one pass over the resident shadow (heap / 16) every kSweepEvery epochs, words of
// zeros skipped; the folded table (4 bytes per chunk slot, reserved, committed where a
// stamp was folded) is touched only by the sweep and by readers.
#pragma once

#include "base/common.h"

namespace leakscope {

constexpr u32 kFoldAge = 64;
constexpr u32 kFutureAge = 192;

// Reserves the folded table. Called by InitShadow.
void InitShadowSweep();
// Folds and clears stamps older than kFoldAge; `now` is the current epoch. The caller
// serialises sweeps (the epoch clock's lock).
void SweepShadow(u32 now);
// The epoch of the last access to the chunk [begin, begin + size) by instrumented code
// (or its allocation epoch), exact at any age. `now` is CurrentEpoch() read by the
// caller before the call. With `enough` < now the answer is exact only below it: the
// read stops at the first stamp (or folded epoch) at or after `enough` and returns an
// epoch >= enough, which is all a caller asking "accessed since?" needs (the stale
// collection: most chunks of a busy heap answer from their first granule).
u32 ChunkLastAccessEpoch(uptr begin, uptr size, u32 now, u32 enough);
inline u32 ChunkLastAccessEpoch(uptr begin, uptr size, u32 now) {
  return ChunkLastAccessEpoch(begin, size, now, now);
}

}  // namespace leakscope

// The write shadow: one byte per 16-byte heap granule holding the (low byte of the)
// epoch at which the granule was last written by instrumented code, or allocated.
//
// Epochs: a 32-bit counter g_epoch advanced by __leakscope_epoch_advance() (the snapshot
// code calls it once per snapshot); __leakscope_epoch is its low byte, the only part
// instrumented code sees. Shadow bytes therefore wrap at 256: an epoch is reconstructed
// from a shadow byte as the most recent 32-bit epoch with that low byte, which is exact
// for writes less than 256 advances old (older ones alias to a more recent epoch).
//
// Invariants:
//  * shadow(p) = LEAKSCOPE_SHADOW_BASE + ((p - LEAKSCOPE_HEAP_BASE) >> 4) (abi.h);
//  * every granule of an allocated chunk was stamped with the allocation epoch when the
//    chunk was allocated, so a chunk never inherits the history of a freed one;
//  * writes are racy by design: threads store the same value or a newer epoch with
//    relaxed byte stores, and a write that races an advance may record the old epoch.
#pragma once

#include "common.h"

namespace leakscope {

// Reserves the shadow range. Called once, by InitAllocator, before any chunk exists.
void InitShadow();
// Stamps the granules of [begin, begin + size) (size 0 counts as one granule) with the
// current epoch. begin is granule-aligned (every chunk is).
void ShadowStampAllocation(uptr begin, uptr size);
// The current 32-bit epoch. Inline: every allocation records it.
extern u32 g_epoch;
inline u32 CurrentEpoch() { return __atomic_load_n(&g_epoch, __ATOMIC_RELAXED); }
// The epoch at which the chunk [begin, begin + size), allocated at alloc_epoch, was last
// written: the most recent epoch over its granules, never older than alloc_epoch.
u32 ChunkLastWriteEpoch(uptr begin, uptr size, u32 alloc_epoch);

}  // namespace leakscope

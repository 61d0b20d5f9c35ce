// The write shadow: one byte per 16-byte heap granule holding the (low byte of the)
// epoch at which the granule was last written by instrumented code (0: never).
//
// Epochs: a 32-bit counter g_epoch advanced by __leakscope_epoch_advance() (the snapshot
// code calls it once per snapshot); __leakscope_epoch is its low byte, the only part
// instrumented code sees. Shadow bytes therefore wrap at 256: an epoch is reconstructed
// from a shadow byte as the most recent 32-bit epoch with that low byte, which is exact
// for writes less than 256 advances old (older ones alias to a more recent epoch).
// Epochs whose low byte is 0 are skipped after the first (epoch 0 itself needs no
// distinction: nothing is older).
//
// Invariants:
//  * shadow(p) = LEAKSCOPE_SHADOW_BASE + ((p - LEAKSCOPE_HEAP_BASE) >> 4) (abi.h);
//  * allocation writes one shadow byte, the first granule's, with the allocation epoch,
//    and only once the epoch is not 0; the last write is the newest epoch over the
//    chunk's granules. Whatever a freed chunk's previous life left in the other granules
//    was written before that chunk was freed, so before the new allocation: never newer
//    than the first granule, so it never shows (within the 256-epoch window above). So a
//    program that takes no snapshots and is not built with the pass never touches the
//    shadow, and memory that instrumented code does not write costs at most one shadow
//    byte per chunk (on this machine's kernel even reading an untouched page commits it,
//    so the allocation path must not read the shadow either);
//  * writes are racy by design: threads store the same value or a newer epoch with
//    relaxed byte stores, and a write that races an advance may record the old epoch.
#pragma once

#include "abi.h"
#include "base/common.h"

// Read by instrumented code on every instrumented heap write (relaxed byte load): the
// low byte of the epoch.
extern "C" __attribute__((visibility("default"))) volatile leakscope::u8 __leakscope_epoch;

namespace leakscope {

// Reserves the shadow range. Called once, by InitAllocator, before any chunk exists.
void InitShadow();
// The heap range [lo, hi) was given back to the OS: gives back the shadow pages that
// cover only it.
void ShadowRelease(uptr lo, uptr hi);
// The current 32-bit epoch.
extern u32 g_epoch;
inline u32 CurrentEpoch() { return __atomic_load_n(&g_epoch, __ATOMIC_RELAXED); }
// Records the allocation of the chunk at `begin` (see the invariants). Inline: every
// allocation calls it.
LS_ALWAYS_INLINE void ShadowNoteAllocation(uptr begin) {
  u8 e = __leakscope_epoch;
  if (LS_UNLIKELY(e))
    *(u8 *)(LEAKSCOPE_SHADOW_BASE + ((begin - LEAKSCOPE_HEAP_BASE) >> LEAKSCOPE_SHADOW_SCALE)) = e;
}
// The epoch at which the chunk [begin, begin + size) was last written, or allocated if
// not written since: the most recent epoch over its granules.
u32 ChunkLastWriteEpoch(uptr begin, uptr size);

}  // namespace leakscope

// The access shadow: one byte per 16-byte heap granule holding the low byte of the
// epoch (epoch_clock.h) at which instrumented code last accessed the granule: wrote it,
// and read it too unless the code was built with track_loads=0 (0: never).
//
// Epochs: the 32-bit g_epoch (epoch_clock.h) is advanced by the clock thread, by every
// snapshot and by __leakscope_epoch_advance(); __leakscope_epoch is its low byte, the
// only part instrumented code sees. A byte alone would wrap after 256 epochs; the shadow
// sweep (shadow_sweep.h) folds stamps older than 64 epochs into a full-width per-chunk
// epoch and clears them, so a chunk's last access is exact at any age.
//
// Invariants:
//  * shadow(p) = LEAKSCOPE_SHADOW_BASE + ((p - LEAKSCOPE_HEAP_BASE) >> 4) (abi.h);
//  * allocation writes one shadow byte, the first granule's, with the allocation epoch,
//    and only once the epoch is not 0; the last access is the newest epoch over the
//    chunk's granules and its folded epoch. Whatever a freed chunk's previous life left
//    in the other granules (or in the folded slot) was written before that chunk was
//    freed, so before the new allocation: never newer than the first granule, so it
//    never shows. So a program that never advances the epoch and is not built with the
//    pass never touches the shadow, and memory that instrumented code does not access
//    costs at most one shadow byte per chunk (on this machine's kernel even reading an
//    untouched page commits it, so the allocation path must not read the shadow either);
//  * stamps are racy by design: threads store the same value or a newer epoch with
//    relaxed byte stores, and an access that races an advance may record the old epoch.
#pragma once

#include "abi.h"
#include "base/common.h"
#include "heap/epoch_clock.h"

// Read by instrumented code on every instrumented heap write (relaxed byte load): the
// low byte of the epoch.
extern "C" __attribute__((visibility("default"))) volatile leakscope::u8 __leakscope_epoch;

namespace leakscope {

// Reserves the shadow range. Called once, by InitAllocator, before any chunk exists.
void InitShadow();
// The heap range [lo, hi) was given back to the OS: gives back the shadow pages that
// cover only it.
void ShadowRelease(uptr lo, uptr hi);
// Records the allocation of the chunk at `begin` (see the invariants). Inline: every
// allocation calls it.
LS_ALWAYS_INLINE void ShadowNoteAllocation(uptr begin) {
  u8 e = __leakscope_epoch;
  if (LS_UNLIKELY(e))
    *(u8 *)(LEAKSCOPE_SHADOW_BASE + ((begin - LEAKSCOPE_HEAP_BASE) >> LEAKSCOPE_SHADOW_SCALE)) = e;
}
// Records an access to the granule of p, as the pass's check does for an instrumented
// load or store (pass/HeapWrites.cpp): nothing in epoch 0 or outside the heap, and the
// shadow byte stored only when it differs. The libc interceptors and the unit tests use
// it, so they stamp exactly what instrumented code would. ShadowStampWith takes the
// epoch already read (the variable is volatile: a call stamping two buffers reads it
// once).
LS_ALWAYS_INLINE void ShadowStampWith(const void *p, u8 e) {
  uptr a = (uptr)p;
  if (!e || a - LEAKSCOPE_HEAP_BASE >= LEAKSCOPE_HEAP_SIZE) return;
  u8 *s = (u8 *)(a >> LEAKSCOPE_SHADOW_SCALE);
  if (__atomic_load_n(s, __ATOMIC_RELAXED) != e) __atomic_store_n(s, e, __ATOMIC_RELAXED);
}
LS_ALWAYS_INLINE void ShadowStamp(const void *p) { ShadowStampWith(p, __leakscope_epoch); }

}  // namespace leakscope

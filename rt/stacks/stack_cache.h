// A thread's recently recorded allocation stacks: a small direct-mapped table of depot
// entries, looked at before the depot itself.
//
// Most allocations repeat a stack the same thread recorded a moment ago (a loop that
// allocates, a container growing). The depot finds such a stack too, but pays for it
// with a hash of every frame, a load of the shared table's chain head and the chain
// walk: about 95 instructions for a three-frame stack (bench/workloads/threads.cpp,
// callgrind), against about 20 here. The slot is chosen by the frames' hash, which the
// unwinder computes as it walks (stack_depot.h), so it costs nothing more to find.
//
// Exactness: a hit is a full compare of the frames, the depth and the site, the depot's
// own key, so a cached entry is returned only for the very stack the depot would return
// it for. Entries are never freed nor changed (stack_depot.h), so a cached pointer stays
// valid for the life of the process; a signal handler that allocates in the middle of
// an update finds an old or new entry in the slot, and compares its frames.
#pragma once

#include "base/common.h"
#include "stacks/stack_depot.h"

namespace leakscope {

constexpr u32 kStackCacheBits = 6, kStackCacheSize = 1u << kStackCacheBits;
// The frame hash is kept beside the entry: a slot holding another stack is told apart by
// one compare, before the frames (recursive code, where every allocation's stack is new
// to the cache, would otherwise compare every frame of the slot's stack first).
struct StackCacheSlotEntry {
  u64 frame_hash;
  StackEntry *entry;
};
extern __thread StackCacheSlotEntry tls_stack_cache[kStackCacheSize]
    __attribute__((tls_model("initial-exec")));

LS_ALWAYS_INLINE u32 StackCacheSlot(u64 frame_hash) {
  return (u32)((frame_hash * 0x9E3779B97F4A7C15ULL) >> (64 - kStackCacheBits));
}

// DepotPutHashed, through the calling thread's cache. `frame_hash` is
// FrameHash(frames, size).
LS_ALWAYS_INLINE StackEntry *CachedDepotPut(const uptr *frames, u32 size, const LeakScopeSite *site,
                                            u64 frame_hash) {
  StackCacheSlotEntry *slot = &tls_stack_cache[StackCacheSlot(frame_hash)];
  StackEntry *e = slot->entry;
  if (slot->frame_hash == frame_hash && LS_LIKELY(e) && StackEntryIs(e, frames, size, site)) return e;
  e = DepotPutHashed(frames, size, site, frame_hash);
  // The entry first: a signal handler that allocates between the two stores finds a
  // pair that fails the compare, never a wrong entry (StackEntryIs decides, not the hash).
  slot->entry = e;
  slot->frame_hash = frame_hash;
  return e;
}

}  // namespace leakscope

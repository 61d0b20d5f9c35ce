// Component stacks/: stack bounds, unwinding, the depot and its per-stack counters, the
// symbolizer. May call base/.
//
// The stack depot: each distinct allocation stack is stored once and named by a
// 32-bit id, which is what a chunk's metadata keeps.
//
// The key is (frames, allocation site): two calls with the same frames but different
// pass-provided sites (types, inline chains) stay apart.
//
// The table: chained hashing, lookups lock-free, inserts under the arena lock (a new
// stack is rare next to lookups of known ones). It grows 8x when it holds twice as many
// entries as chain heads, so chains stay short however many stacks a program has (with
// a fixed table, a program whose recursion gives millions of distinct stacks walked
// chains of dozens of cold entries on every allocation). Growing relinks every entry
// into the new heads through the other of its two links (next[parity]), so a lookup
// still walking the old chains walks intact ones; the old heads are then zeroed
// (MADV_DONTNEED), which makes a late reader miss and retry under the lock. A reader
// two growths behind may follow a link rewritten meanwhile: every link points to an
// entry with a smaller id (inserts and relinking both go in id order), so its walk
// still ends, at worst in a miss and the same retry.
//
// Each entry is also the stack's profile bucket (Go's mprof bucket): its allocation and
// free counters, updated on every malloc/free, are kept by id in per-thread tables
// (bucket_counters.h). A heap snapshot reads the buckets, not the heap. Entries are
// never freed, and never written after they are published (but for kStackFromRuntime),
// so the lookups of every thread share their cache lines without disturbing each other.
#pragma once

#include "abi.h"
#include "base/common.h"
#include "stacks/bucket_counters.h"

namespace leakscope {

constexpr int kMaxFrames = 64;

struct StackEntry {
  StackEntry *next[2];  // hash chains of the tables of parity 0 and 1 (see the top)
  // The depot's own copy of the pass's site (strings included): the original lives in
  // the instrumented module's data, which dlclose may unmap long before the report.
  const LeakScopeSite *site;
  const LeakScopeSite *site_key;  // the original's address: identity only, never read
  u32 id;
  u32 hash;
  u32 size;  // frames
  u32 flags;  // kStack* bits: kStackFromLoader and kStackNarrow fixed at creation,
              // kStackFromRuntime set (atomically) by the allocation that records it
  // The frames, read through Frame(i): frame 0 is the allocation entry point, then the
  // callers. Stored narrow (kStackNarrow: 32-bit offsets from `base`) when they all lie
  // within 4 GiB of the lowest, as a stack inside one module does: a 30-frame entry is
  // then 176 bytes instead of 296, which is what a program with hundreds of thousands
  // of deep stacks pays in memory, and in cache lines on every lookup (the compare reads
  // them all). Otherwise wide: `packed` holds the frames themselves.
  uptr base;
  uptr packed[];

  uptr Frame(u32 i) const;
};

// The allocation was made by the dynamic loader (frame 1 is in ld.so): thread DTVs,
// dynamic TLS blocks, link maps. The loader keeps them where no root reaches (a dead
// thread's cached stack, its own data); like LeakSanitizer, the check treats them as
// reachable roots rather than leaks.
constexpr u32 kStackFromLoader = 1;
// The allocation was made by libc on the runtime's behalf (ScopedRuntimeAllocations in
// heap/allocator.h): never reported, never in a snapshot.
constexpr u32 kStackFromRuntime = 2;
// The frames are stored as 32-bit offsets from StackEntry::base.
constexpr u32 kStackNarrow = 4;

LS_ALWAYS_INLINE const u32 *NarrowFrames(const StackEntry *e) { return (const u32 *)e->packed; }
inline uptr StackEntry::Frame(u32 i) const {
  return flags & kStackNarrow ? base + NarrowFrames(this)[i] : packed[i];
}

// The hash of a stack's frames, one step a frame, in frame order. The unwinder computes
// it as it walks (two instructions a frame, where a separate pass over the frames cost
// eight): DepotPutHashed takes it and adds the site. A multiply, not only shifts and
// xors: the frames of recursive stacks come from a few return addresses, and a hash
// linear over them would give whole families of stacks one value.
constexpr u64 kFrameHashSeed = 0x9E3779B97F4A7C15ULL;
// The multiplier fits an instruction's 32-bit immediate: the walk's loop has no register
// to spare for a 64-bit one. Odd, so each step is a bijection of h: stacks that differ
// in one frame never share a hash.
LS_ALWAYS_INLINE u64 FrameHashStep(u64 h, uptr frame) { return (h ^ frame) * 0x7fb5d329ULL; }
LS_ALWAYS_INLINE u64 FrameHash(const uptr *frames, u32 size) {
  u64 h = kFrameHashSeed;
  for (u32 i = 0; i < size; i++) h = FrameHashStep(h, frames[i]);
  return h;
}

// Whether entry e is the stack (frames, size, site): the depot's key. The frames are
// compared without an early exit, which the compiler turns into vector compares; a
// lookup that gets this far almost always matches (the hashes did).
LS_ALWAYS_INLINE bool StackEntryIs(const StackEntry *e, const uptr *frames, u32 size,
                                   const LeakScopeSite *site) {
  if (e->size != size || e->site_key != site) return false;
  uptr diff = 0;
  if (LS_LIKELY(e->flags & kStackNarrow)) {
    // frames[i] - base wraps for a frame below base or 4 GiB above it, so it equals the
    // zero-extended offset exactly when frames[i] == base + offset.
    const u32 *off = NarrowFrames(e);
    const uptr base = e->base;
    for (u32 i = 0; i < size; i++) diff |= (frames[i] - base) ^ (uptr)off[i];
  } else {
    for (u32 i = 0; i < size; i++) diff |= e->packed[i] ^ frames[i];
  }
  return diff == 0;
}

// Returns the entry of the stack (creating it if new); never null. `frame_hash` is
// FrameHash(frames, size).
StackEntry *DepotPutHashed(const uptr *frames, u32 size, const LeakScopeSite *site, u64 frame_hash);
inline StackEntry *DepotPut(const uptr *frames, u32 size, const LeakScopeSite *site) {
  return DepotPutHashed(frames, size, site, FrameHash(frames, size));
}
// The entry for an id; nullptr for 0 or an unknown id.
StackEntry *DepotGet(u32 id);
// Number of ids handed out so far (ids are 1..count).
u32 DepotCount();

}  // namespace leakscope

// Component stacks/: stack bounds, unwinding, the depot and its per-stack counters, the
// symbolizer. May call base/.
//
// The stack depot: each distinct allocation stack is stored once and named by a
// 32-bit id, which is what a chunk's metadata keeps.
//
// The key is (frames, allocation site): two calls with the same frames but different
// pass-provided sites (types, inline chains) stay apart. Insertion is lock-free: a new
// entry is pushed onto its hash chain with a CAS; a thread whose CAS fails looks through
// the entries pushed meanwhile, so two threads inserting the same new stack at once end
// up with one entry (the loser's id is never used).
//
// Each entry is also the stack's profile bucket (Go's mprof bucket): allocation and
// free counters updated on every malloc/free. A heap snapshot reads the buckets, not
// the heap. Entries are never freed.
//
// A bucket has two sets of counters, so that no count is ever lost and the common case
// pays no locked instruction (a locked add costs ~20 cycles, four per malloc/free pair):
//   owner   written by one thread only, the bucket owner (the thread that started the
//           runtime; in a forked child, the forking thread), with plain loads and
//           stores: a single writer loses nothing;
//   shared  written by every other thread with atomic adds, however it was made: the
//           pthread_create interceptor, the real pthread_create, raw clone. The owner is
//           known by its thread pointer (%fs base), not by a TLS flag, so a thread whose
//           TLS was copied from the owner's is not taken for it. (A raw clone without
//           CLONE_SETTLS shares its creator's thread pointer and TLS, allocator cache
//           included, which no allocator survives.)
// A reader adds the two (BucketRead). test/lit/snapshots/bucket_counts_threads.cpp
// counts allocations of threads the interceptor never saw.
#pragma once

#include "abi.h"
#include "base/common.h"

namespace leakscope {

constexpr int kMaxFrames = 64;

struct BucketCounters {
  u64 alloc_objects, alloc_bytes, free_objects, free_bytes;
};

struct StackEntry {
  StackEntry *next;  // hash chain
  // The depot's own copy of the pass's site (strings included): the original lives in
  // the instrumented module's data, which dlclose may unmap long before the report.
  const LeakScopeSite *site;
  const LeakScopeSite *site_key;  // the original's address: identity only, never read
  u32 id;
  u32 hash;
  u32 size;  // frames
  u32 flags;  // kStack* bits: kStackFromLoader fixed at creation, kStackFromRuntime
              // set (atomically) by the allocation that records the stack
  // Profile bucket: monotonic counters (see the top of this file).
  BucketCounters owner, shared;
  uptr frames[];  // frames[0] is the allocation entry point; then callers
};

// The allocation was made by the dynamic loader (frames[1] is in ld.so): thread DTVs,
// dynamic TLS blocks, link maps. The loader keeps them where no root reaches (a dead
// thread's cached stack, its own data); like LeakSanitizer, the check treats them as
// reachable roots rather than leaks.
constexpr u32 kStackFromLoader = 1;
// The allocation was made by libc on the runtime's behalf (ScopedRuntimeAllocations in
// heap/allocator.h): never reported, never in a snapshot.
constexpr u32 kStackFromRuntime = 2;

// Returns the entry of the stack (creating it if new); never null.
StackEntry *DepotPut(const uptr *frames, u32 size, const LeakScopeSite *site);
// The entry for an id; nullptr for 0 or an unknown id.
StackEntry *DepotGet(u32 id);
// Number of ids handed out so far (ids are 1..count).
u32 DepotCount();

// The entry for an id taken from chunk metadata, which is always valid: the fast path
// of free().
extern StackEntry **g_depot_by_id;
LS_ALWAYS_INLINE StackEntry *DepotGetKnown(u32 id) {
  return __atomic_load_n(&g_depot_by_id[id], __ATOMIC_ACQUIRE);
}

// The bucket owner's thread pointer (0: none yet, every thread counts as shared).
extern uptr g_bucket_owner_tp __attribute__((visibility("hidden")));
LS_ALWAYS_INLINE bool IsBucketOwner() {
  uptr tp;
  __asm__("mov %%fs:0, %0" : "=r"(tp));  // glibc keeps the TCB's own address at %fs:0
  return tp == __atomic_load_n(&g_bucket_owner_tp, __ATOMIC_RELAXED);
}
// Makes the calling thread the bucket owner: at start-up, and in a forked child (where
// the forking thread is the only one).
void DepotClaimBucketOwner();
// fork.cpp, in the child: the forking thread becomes the owner.
inline void DepotAfterForkChild() { DepotClaimBucketOwner(); }

// The owner's add: relaxed atomic load and store, which compile to a plain add (no lock
// prefix) and keep concurrent readers well-defined.
LS_ALWAYS_INLINE void OwnerAdd(u64 *counter, u64 v) {
  __atomic_store_n(counter, __atomic_load_n(counter, __ATOMIC_RELAXED) + v, __ATOMIC_RELAXED);
}
LS_ALWAYS_INLINE void BucketAdd2(StackEntry *e, u64 *owner_objects, u64 *owner_bytes,
                                 u64 *shared_objects, u64 *shared_bytes, uptr bytes) {
  if (LS_LIKELY(IsBucketOwner())) {
    OwnerAdd(owner_objects, 1);
    OwnerAdd(owner_bytes, bytes);
  } else {
    __atomic_fetch_add(shared_objects, 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(shared_bytes, bytes, __ATOMIC_RELAXED);
  }
}
LS_ALWAYS_INLINE void BucketAlloc(StackEntry *e, uptr bytes) {
  BucketAdd2(e, &e->owner.alloc_objects, &e->owner.alloc_bytes, &e->shared.alloc_objects,
             &e->shared.alloc_bytes, bytes);
}
LS_ALWAYS_INLINE void BucketFree(StackEntry *e, uptr bytes) {
  BucketAdd2(e, &e->owner.free_objects, &e->owner.free_bytes, &e->shared.free_objects,
             &e->shared.free_bytes, bytes);
}
// The bucket's totals (owner + shared), read with relaxed loads: exact once the
// writers are quiet, never torn.
BucketCounters BucketRead(const StackEntry *e);

}  // namespace leakscope

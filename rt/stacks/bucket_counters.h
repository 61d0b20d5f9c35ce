// The profile buckets' counters: how many allocations and frees, and how many bytes,
// each allocation stack (depot id) has seen. Updated on every malloc and free; read by
// heap snapshots (Go's mprof buckets).
//
// Layout. Every thread counts into a table of its own, so the fast path is a plain add
// to memory no other thread writes (no locked instruction, no cache line shared between
// threads allocating from the same stack: when every thread but one did atomic adds on
// the stack's depot entry, two threads allocating from one stack paid about 10x per
// allocation what one thread did, bench/workloads/threads.cpp):
//
//   BucketTable  { next, owner_tp, pages[kMaxStackIds / kIdsPerPage] }
//   pages[id / kIdsPerPage] -> BucketCounters[kIdsPerPage], index id % kIdsPerPage
//
// Tables and pages come from one reserved range (NORESERVE: only the memory a thread
// counts into becomes resident: 32 bytes per stack, by kernel pages of 128 consecutive
// ids, so a thread that touches a few stacks scattered over many ids pays up to 4 KiB
// for each). A bucket's total is the sum of its counters over every table (BucketRead),
// which is exact once the writers are quiet and never torn: each counter has one writer
// and only grows.
//
// Ownership. A table is owned by the thread whose thread pointer (%fs base) is in
// owner_tp, not by the TLS pointer to it: a thread whose TLS was copied from another's
// finds a table owned by someone else and takes its own. At thread exit (the registry's
// exit hook) a table is released (owner_tp = 0) and a later thread adopts it with its
// counts, which stay valid: counts are never moved, so a reader never sees one twice or
// not at all. A thread that exits unseen (a raw clone) keeps its table; a later thread
// with the same thread pointer (glibc reuses thread control blocks) adopts it, since two
// live threads never share one. In a forked child every table but the forking thread's
// is released.
//
// Tables are never freed, so the list of tables only grows (readers walk it lock-free);
// its length is the largest number of threads that counted at once.
//
// Races tolerated: a signal handler that allocates from the very stack whose counter
// its thread is adding to can lose one count (the add is a load and a store); a
// handler's stack differs from the interrupted code's in its top frames, so it takes a
// malloc_context_size of one or two frames to meet this.
#pragma once

#include "base/common.h"

namespace leakscope {

// Depot ids are below this (they fit ChunkMeta's 28-bit stack_id with room to spare).
constexpr uptr kMaxStackIds = 1 << 26;

struct BucketCounters {
  u64 alloc_objects, alloc_bytes, free_objects, free_bytes;
};

constexpr uptr kIdsPerPage = 256;  // 8 KiB of counters a page
constexpr uptr kBucketPages = kMaxStackIds / kIdsPerPage;

struct BucketTable {
  BucketTable *next;  // every table, newest first; never unlinked
  uptr owner_tp;      // the owning thread's thread pointer; 0: free to adopt
  uptr unused[6];     // the header fills a cache line of its own
  BucketCounters *pages[kBucketPages];  // written by the owner (release), read by anyone
};

extern __thread BucketTable *tls_bucket_table __attribute__((tls_model("initial-exec")));

LS_ALWAYS_INLINE uptr ThreadPointer() {
  uptr tp;
  __asm__("mov %%fs:0, %0" : "=r"(tp));  // glibc keeps the TCB's own address at %fs:0
  return tp;
}

// The calling thread's counters for `id` when its table and page exist already, else
// null (no call: the allocator's frameless free path uses it).
LS_ALWAYS_INLINE BucketCounters *BucketSlotIfPresent(u32 id) {
  BucketTable *t = tls_bucket_table;
  if (LS_LIKELY(t && t->owner_tp == ThreadPointer())) {
    BucketCounters *page = __atomic_load_n(&t->pages[id / kIdsPerPage], __ATOMIC_RELAXED);
    if (LS_LIKELY(page)) return &page[id % kIdsPerPage];
  }
  return nullptr;
}
// The calling thread's counters for `id`, creating its table and page when needed.
BucketCounters *BucketSlotSlow(u32 id);
LS_ALWAYS_INLINE BucketCounters *BucketSlot(u32 id) {
  BucketCounters *c = BucketSlotIfPresent(id);
  return LS_LIKELY(c) ? c : BucketSlotSlow(id);
}

// The owner's add: an atomic load and a release store, which compile to a plain add
// (no lock prefix) and keep concurrent readers well-defined. Release, so that a reader
// that sees a free also sees the allocation counted before it (BucketRead's order).
LS_ALWAYS_INLINE void OwnerAdd(u64 *counter, u64 v) {
  __atomic_store_n(counter, __atomic_load_n(counter, __ATOMIC_RELAXED) + v, __ATOMIC_RELEASE);
}
LS_ALWAYS_INLINE void BucketAlloc(u32 id, uptr bytes) {
  BucketCounters *c = BucketSlot(id);
  OwnerAdd(&c->alloc_objects, 1);
  OwnerAdd(&c->alloc_bytes, bytes);
}
LS_ALWAYS_INLINE void BucketFree(u32 id, uptr bytes) {
  BucketCounters *c = BucketSlot(id);
  OwnerAdd(&c->free_objects, 1);
  OwnerAdd(&c->free_bytes, bytes);
}

// The bucket's totals over every table. Frees are read (from every table) before
// allocations, so that an in-use figure computed from one read is never negative.
BucketCounters BucketRead(u32 id);
// The totals of ids first..first+n-1 into out[0..n-1], page by page over the tables
// (what a snapshot needs for every stack); the same order and guarantees as BucketRead.
void BucketReadRange(u32 first, u32 n, BucketCounters *out);

// Thread exit: the calling thread's table goes back for a later thread to adopt. A
// later allocation by this thread takes a table again.
void BucketTableRelease();
// In a forked child (only the calling thread exists): every other table is released.
void BucketTablesAfterForkChild();
// The list of tables (newest first), and its length (tests, diagnostics).
BucketTable *BucketTables();
u32 BucketTableCount();

}  // namespace leakscope

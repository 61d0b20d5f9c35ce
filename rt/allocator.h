// The heap: every chunk the program allocates, small or large, lives in one reserved
// virtual range [kHeapBase, kHeapBase + kHeapSize).
//
// Layout (each region is 2^kRegionShift = 32 GiB of address space, reserved with
// MAP_NORESERVE and committed by the kernel on first touch):
//
//   region c, 0 <= c < kNumSizeClasses   chunks of ClassSize(c) bytes, carved upwards
//   regions kNumSizeClasses .. 63         large chunks: page runs, first-fit reuse
//
// Chunk metadata is kept beside the heap, not in it (kMetaBase): one ChunkMeta per small
// chunk, indexed by chunk number, and one per page of the large region, indexed by the
// chunk's first page; a page map gives every large page its chunk's first page.
// So "is p in the heap" is one compare, and pointer -> chunk (interior pointers
// included) is arithmetic: the marker and the instrumented stores rely on both.
//
// Threads allocate from per-thread caches of free chunks and fall back to a per-class
// central list under a spin lock. Metadata of a chunk is written by the thread that
// allocates or frees it; the leak check reads it with every other thread stopped.
#pragma once

#include "common.h"
#include "stack_depot.h"

namespace leakscope {

constexpr uptr kHeapBase = 0x500000000000ULL;
constexpr uptr kRegionShift = 35;
constexpr uptr kRegionSize = 1ULL << kRegionShift;
constexpr uptr kNumRegions = 64;
constexpr uptr kHeapSize = kRegionSize * kNumRegions;
constexpr uptr kMetaBase = kHeapBase + kHeapSize;
constexpr uptr kNumSizeClasses = 44;  // 16..128 by 16, then 4 per doubling to 64 KiB
constexpr uptr kMaxSmallSize = 64 * 1024;
constexpr uptr kLargeBase = kHeapBase + kNumSizeClasses * kRegionSize;
constexpr uptr kLargeSize = kHeapBase + kHeapSize - kLargeBase;

inline bool InHeap(uptr p) { return p - kHeapBase < kHeapSize; }

enum ChunkState : u8 { kChunkFree = 0, kChunkAllocated = 1 };
// Set by the leak check; reset at the start of each check.
enum ChunkTag : u8 { kTagLeaked = 0, kTagReachable = 1, kTagIndirect = 2, kTagIgnored = 3 };
enum AllocKind : u8 { kAllocMalloc = 0, kAllocNew = 1, kAllocNewArray = 2 };

struct ChunkMeta {
  u64 size : 48;  // bytes requested (0 for malloc(0))
  u64 state : 2;
  u64 tag : 2;
  u64 kind : 2;
  u64 ignored : 1;   // __lsan_ignore_object, or allocated while leak checking was disabled
  u64 unused : 9;
  u32 stack_id;
  u32 alloc_epoch;
};
static_assert(sizeof(ChunkMeta) == 16, "ChunkMeta is 16 bytes");

uptr ClassSize(uptr c);

// > 0 while the calling thread is inside __lsan_disable(): its allocations are ignored.
extern __thread int tls_disable_depth __attribute__((tls_model("initial-exec")));

// The allocator's entry points, called by the interceptors. `entry_pc` is a PC inside
// the interceptor, the first frame of the recorded stack; `fp` is the interceptor's
// frame address, where unwinding starts (its return address is the allocation call).
void *Allocate(uptr size, uptr alignment, AllocKind kind, bool zero, uptr entry_pc, uptr fp);
void Deallocate(void *p);
void *Reallocate(void *p, uptr new_size, uptr entry_pc, uptr fp);
uptr UsableSize(const void *p);

// Lookup: the chunk containing `p` (interior pointers included) when `p` points into an
// allocated chunk; nullptr otherwise. begin/size describe the chunk.
ChunkMeta *FindChunk(uptr p, uptr *begin);
// The metadata of the chunk that starts exactly at `p`, or nullptr.
ChunkMeta *ChunkAt(uptr p);

// ---- The layout, for inline lookups (the marker's inner loop) ---------------------------
extern uptr g_class_size[kNumSizeClasses];
// floor(2^64 / size) + 1: chunk index = (offset * magic) >> 64, exact for offsets below
// 2^35 and sizes below 2^17 (the error term stays under 1/size).
extern u64 g_class_magic[kNumSizeClasses];
extern uptr g_carved[kNumSizeClasses];  // chunks ever handed out per class (high water)
extern uptr g_large_bump_pages;         // pages of the large region ever handed out
extern u32 *g_page_map;  // per large page: first page of its chunk + 1 (0: none)
constexpr uptr kLargePages = kLargeSize / kPageSize;

LS_ALWAYS_INLINE uptr RegionBase(uptr c) { return kHeapBase + c * kRegionSize; }
LS_ALWAYS_INLINE ChunkMeta *RegionMeta(uptr r) { return (ChunkMeta *)(kMetaBase + r * kRegionSize); }
// Large chunk metadata: one ChunkMeta per large-region page, indexed by the first page.
LS_ALWAYS_INLINE ChunkMeta *LargeMeta() { return RegionMeta(kNumSizeClasses); }
LS_ALWAYS_INLINE uptr ChunkIndex(uptr c, uptr offset) {
  return (uptr)(((unsigned __int128)offset * g_class_magic[c]) >> 64);
}

// The chunk slot (allocated or free) whose memory contains heap address p, or nullptr
// when p lies beyond anything handed out.
LS_ALWAYS_INLINE ChunkMeta *LookupChunk(uptr p, uptr *begin) {
  uptr off = p - kHeapBase;
  if (off >= kHeapSize) return nullptr;
  uptr r = off >> kRegionShift;
  if (r < kNumSizeClasses) {
    uptr idx = ChunkIndex(r, off & (kRegionSize - 1));
    if (idx >= __atomic_load_n(&g_carved[r], __ATOMIC_RELAXED)) return nullptr;
    *begin = RegionBase(r) + idx * g_class_size[r];
    return &RegionMeta(r)[idx];
  }
  uptr page = (p - kLargeBase) / kPageSize;
  if (page >= __atomic_load_n(&g_large_bump_pages, __ATOMIC_RELAXED)) return nullptr;
  u32 first = g_page_map[page];
  if (!first) return nullptr;
  *begin = kLargeBase + (first - 1) * kPageSize;
  return &LargeMeta()[first - 1];
}

// Calls fn(begin, meta) for every allocated chunk. Only with the world stopped, or from
// tests with no concurrent allocation.
template <typename Fn>
void ForEachChunk(Fn fn) {
  if (!g_page_map) return;  // the allocator never ran
  for (uptr c = 0; c < kNumSizeClasses; c++) {
    uptr n = g_carved[c], size = g_class_size[c], base = RegionBase(c);
    ChunkMeta *meta = RegionMeta(c);
    for (uptr i = 0; i < n; i++)
      if (meta[i].state == kChunkAllocated) fn(base + i * size, &meta[i]);
  }
  ChunkMeta *lm = LargeMeta();
  for (uptr pg = 0; pg < g_large_bump_pages; pg++) {
    if (g_page_map[pg] != pg + 1 || lm[pg].state != kChunkAllocated) continue;
    fn(kLargeBase + pg * kPageSize, &lm[pg]);
  }
}

// Locks every allocator lock (fork, stop-the-world) and unlocks them.
void AllocatorLockAll();
void AllocatorUnlockAll();
// Moves the calling thread's cached free chunks back to the central lists.
void DrainThreadCache();

void InitAllocator();

}  // namespace leakscope

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

// Calls fn(begin, meta, arg) for every allocated chunk. Only with the world stopped, or
// from tests with no concurrent allocation.
typedef void (*ChunkCallback)(uptr begin, ChunkMeta *m, void *arg);
void ForEachChunk(ChunkCallback fn, void *arg);

// Locks every allocator lock (fork, stop-the-world) and unlocks them.
void AllocatorLockAll();
void AllocatorUnlockAll();
// Moves the calling thread's cached free chunks back to the central lists.
void DrainThreadCache();

void InitAllocator();

}  // namespace leakscope

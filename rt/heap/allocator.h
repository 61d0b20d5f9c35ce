// Component heap/: the allocator, the malloc/new entry points, page release, the write
// shadow. May call base/ and stacks/.
//
// The heap: every chunk the program allocates, small or large, lives in one reserved
// virtual range [kHeapBase, kHeapBase + kHeapSize).
//
// Layout (each region is 2^kRegionShift = 16 GiB of address space, reserved with
// MAP_NORESERVE and committed by the kernel on first touch):
//
//   region c, 0 <= c < kNumSizeClasses   chunks of ClassSize(c) bytes, carved upwards
//   regions kNumSizeClasses .. 127        large chunks: page runs, first-fit reuse
//
// Chunk metadata is kept beside the heap, not in it (kMetaBase): one 6-byte ChunkMeta per
// small chunk, indexed by chunk number, and one per page of the large region, indexed by
// the chunk's first page; a page map gives every large page its chunk's first page.
// So "is p in the heap" is one compare, and pointer -> chunk (interior pointers
// included) is arithmetic: the marker and the instrumented stores rely on both.
//
// Memory cost per chunk is what peak RSS is judged on: the metadata is 6 bytes (a
// 24-byte object costs 32 + 6, where glibc spends 32), the size classes are fine enough
// that rounding wastes at most 1/8 above 1 KiB, and the free chunks of a size class go
// back to the OS once whole pages of them sit unused in the central list (see
// page_release.h): a program whose phases use different sizes does not keep the peak
// of every phase.
//
// Threads allocate from per-thread caches of free chunks and fall back to a per-class
// central list under a spin lock. Metadata of a chunk is written by the thread that
// allocates or frees it; the leak check reads it, and writes its tag, with every other
// thread stopped, except a thread it cannot stop (one that blocks the stop signal, or
// one the runtime never saw start), which may allocate and free meanwhile. So every
// access to a chunk's metadata is atomic (see "Concurrent access" below): the marker
// sets a tag with an atomic OR that cannot undo a concurrent free, the allocator's
// writes are relaxed stores (plain moves), and a torn read is impossible.
#pragma once

#include "base/common.h"
#include "stacks/stack_depot.h"

namespace leakscope {

constexpr uptr kHeapBase = 0x500000000000ULL;
constexpr uptr kRegionShift = 34;
constexpr uptr kRegionSize = 1ULL << kRegionShift;
constexpr uptr kNumRegions = 128;
constexpr uptr kHeapSize = kRegionSize * kNumRegions;
constexpr uptr kMetaBase = kHeapBase + kHeapSize;
// 16..128 by 16, four classes per doubling to 1 KiB, then eight per doubling to 64 KiB.
constexpr uptr kNumSizeClasses = 8 + 3 * 4 + 6 * 8;
constexpr uptr kMaxSmallSize = 64 * 1024;
constexpr uptr kLargeBase = kHeapBase + kNumSizeClasses * kRegionSize;
constexpr uptr kLargeSize = kHeapBase + kHeapSize - kLargeBase;

inline bool InHeap(uptr p) { return p - kHeapBase < kHeapSize; }

// A chunk is allocated, or free in some thread's cache (linked through its own first
// word), or free in its class's central list (linked through its metadata, so its memory
// is never touched and its page can be given back to the OS).
enum ChunkState : u8 { kChunkFree = 0, kChunkAllocated = 1, kChunkCentral = 2 };
// Set by the leak check; reset at the start of each check.
enum ChunkTag : u8 { kTagLeaked = 0, kTagReachable = 1, kTagIndirect = 2, kTagIgnored = 3 };

// Six bytes a chunk: what peak RSS pays for most (a 24-byte object costs 32 + 6 here,
// 32 in glibc). Not kept: the allocation epoch, which goes to the chunk's first shadow
// byte instead, and only once epochs have advanced (see shadow.h); how it was allocated
// (malloc, new, new[]), which nothing reads.
struct __attribute__((packed)) ChunkMeta {
  // Allocated: the allocation stack's depot id (ids stay below 2^26). Central-free: next
  // free chunk index + 1, so a class holds at most kMaxChunksPerClass chunks.
  u32 stack_id : 28;
  u32 state : 2;
  u32 tag : 2;
  // Small chunks: class size minus the bytes requested (so malloc(0) has slack = class
  // size); large chunks keep their size in g_large_size.
  u16 slack : 15;
  u16 ignored : 1;  // __lsan_ignore_object, or allocated while leak checking was disabled
};
static_assert(sizeof(ChunkMeta) == 6, "ChunkMeta is 6 bytes");
constexpr uptr kMaxChunksPerClass = (1u << 28) - 1;
constexpr uptr kMaxSlack = (1u << 15) - 1;

// ---- Concurrent access -------------------------------------------------------------------
// A ChunkMeta is three 16-bit halves, each 2-byte aligned (metadata arrays are page
// aligned, entries 6 bytes apart), so each half is accessed with relaxed 16-bit atomics:
// never split across cache lines, plain moves on x86 except the marker's OR. Half 1
// holds stack_id bits 16..27, state (bits 12..13) and tag (bits 14..15); half 2 slack and
// ignored (bit 15). heap/allocator_test.cpp checks the bit positions against the fields.
typedef u16 __attribute__((may_alias)) MetaHalf;
constexpr u16 kMetaStateShift = 12, kMetaTagShift = 14;

LS_ALWAYS_INLINE MetaHalf *MetaHalves(ChunkMeta *m) { return (MetaHalf *)m; }
LS_ALWAYS_INLINE const MetaHalf *MetaHalves(const ChunkMeta *m) { return (const MetaHalf *)m; }

// A consistent copy of the metadata (each half read once).
LS_ALWAYS_INLINE ChunkMeta LoadMeta(const ChunkMeta *m) {
  const MetaHalf *h = MetaHalves(m);
  u16 v[3] = {__atomic_load_n(&h[0], __ATOMIC_RELAXED), __atomic_load_n(&h[1], __ATOMIC_RELAXED),
              __atomic_load_n(&h[2], __ATOMIC_RELAXED)};
  ChunkMeta r;
  __builtin_memcpy(&r, v, sizeof(r));
  return r;
}
LS_ALWAYS_INLINE void StoreMeta(ChunkMeta *m, ChunkMeta value) {
  u16 v[3];
  __builtin_memcpy(v, &value, sizeof(value));
  MetaHalf *h = MetaHalves(m);
  __atomic_store_n(&h[0], v[0], __ATOMIC_RELAXED);
  __atomic_store_n(&h[1], v[1], __ATOMIC_RELAXED);
  __atomic_store_n(&h[2], v[2], __ATOMIC_RELAXED);
}
LS_ALWAYS_INLINE u32 MetaState(const ChunkMeta *m) {
  return (__atomic_load_n(&MetaHalves(m)[1], __ATOMIC_RELAXED) >> kMetaStateShift) & 3;
}
LS_ALWAYS_INLINE u32 MetaStackId(const ChunkMeta *m) {
  const MetaHalf *h = MetaHalves(m);
  return __atomic_load_n(&h[0], __ATOMIC_RELAXED) |
         (u32)(__atomic_load_n(&h[1], __ATOMIC_RELAXED) & 0x0fff) << 16;
}
// Half 1 as it is: (h >> kMetaStateShift) is state | tag << 2, so == kChunkAllocated
// means "allocated and tagged kTagLeaked".
LS_ALWAYS_INLINE u16 MetaStateTagHalf(const ChunkMeta *m) {
  return __atomic_load_n(&MetaHalves(m)[1], __ATOMIC_RELAXED);
}
LS_ALWAYS_INLINE bool MetaIgnored(const ChunkMeta *m) {
  return __atomic_load_n(&MetaHalves(m)[2], __ATOMIC_RELAXED) >> 15;
}
LS_ALWAYS_INLINE u32 MetaTag(const ChunkMeta *m) {
  return __atomic_load_n(&MetaHalves(m)[1], __ATOMIC_RELAXED) >> kMetaTagShift;
}
LS_ALWAYS_INLINE u32 MetaSlack(const ChunkMeta *m) {
  return __atomic_load_n(&MetaHalves(m)[2], __ATOMIC_RELAXED) & kMaxSlack;
}
// The allocator's state change (its thread owns the chunk): a relaxed read and write of
// half 1. A tag the marker ORs in between is lost, which only un-tags a freed chunk.
LS_ALWAYS_INLINE void SetMetaState(ChunkMeta *m, u32 state) {
  MetaHalf *h = &MetaHalves(m)[1];
  u16 v = __atomic_load_n(h, __ATOMIC_RELAXED);
  v = (u16)((v & ~(3u << kMetaStateShift)) | (state << kMetaStateShift));
  __atomic_store_n(h, v, __ATOMIC_RELAXED);
}
LS_ALWAYS_INLINE void SetMetaIgnored(ChunkMeta *m) {
  __atomic_fetch_or(&MetaHalves(m)[2], (u16)0x8000, __ATOMIC_RELAXED);
}
// The marker's tag for a chunk tagged kTagLeaked (0): an atomic OR, which leaves a
// concurrent change of state or stack id intact.
LS_ALWAYS_INLINE void MarkTag(ChunkMeta *m, u32 tag) {
  __atomic_fetch_or(&MetaHalves(m)[1], (u16)(tag << kMetaTagShift), __ATOMIC_RELAXED);
}
// The same when no other thread can write metadata (the world is stopped and every
// thread of the process with it): a relaxed load and store, no locked instruction, which
// the marker's inner loop would pay on every chunk it reaches (~10% of marking).
// `half` is half 1 as the caller just read it (MetaStateTagHalf).
LS_ALWAYS_INLINE void MarkTagExclusive(ChunkMeta *m, u16 half, u32 tag) {
  __atomic_store_n(&MetaHalves(m)[1], (u16)(half | (tag << kMetaTagShift)), __ATOMIC_RELAXED);
}
// The check's reset to `tag` when no other thread can write metadata: plain.
LS_ALWAYS_INLINE void ResetTagExclusive(ChunkMeta *m, u32 tag) {
  MetaHalf *h = &MetaHalves(m)[1];
  u16 v = __atomic_load_n(h, __ATOMIC_RELAXED);
  u16 want = (u16)((v & ((1u << kMetaTagShift) - 1)) | (tag << kMetaTagShift));
  if (v != want) __atomic_store_n(h, want, __ATOMIC_RELAXED);
}
// The check's reset to `tag`: a compare-and-swap, only where the tag differs.
LS_ALWAYS_INLINE void ResetTag(ChunkMeta *m, u32 tag) {
  MetaHalf *h = &MetaHalves(m)[1];
  u16 v = __atomic_load_n(h, __ATOMIC_RELAXED);
  while ((u32)(v >> kMetaTagShift) != tag) {
    u16 want = (u16)((v & ((1u << kMetaTagShift) - 1)) | (tag << kMetaTagShift));
    if (__atomic_compare_exchange_n(h, &v, want, true, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) break;
  }
}

uptr ClassSize(uptr c);
// The size class for a request of `size` bytes (< kNumSizeClasses when size <= 64 KiB).
uptr ClassForSize(uptr size);

// > 0 while the calling thread is inside __lsan_disable(): its allocations are ignored.
extern __thread int tls_disable_depth __attribute__((tls_model("initial-exec")));

// > 0 while the runtime itself calls into libc code that allocates (pthread_getattr_np's
// temporary blocks, pthread_create's TLS vector for a runtime thread): those blocks are
// the runtime's, never the program's. They are ignored by the leak check and their
// stacks are marked kStackFromRuntime, which snapshots leave out, so no profile and no
// report shows them.
extern __thread int tls_runtime_alloc_depth __attribute__((tls_model("initial-exec")));
struct ScopedRuntimeAllocations {
  ScopedRuntimeAllocations() { tls_runtime_alloc_depth++; }
  ~ScopedRuntimeAllocations() { tls_runtime_alloc_depth--; }
  ScopedRuntimeAllocations(const ScopedRuntimeAllocations &) = delete;
  ScopedRuntimeAllocations &operator=(const ScopedRuntimeAllocations &) = delete;
};

// The allocator's entry points, called by the interceptors. `entry_pc` is a PC inside
// the interceptor, the first frame of the recorded stack; `fp` is the interceptor's
// frame address, where unwinding starts (its return address is the allocation call).
void *Allocate(uptr size, uptr alignment, bool zero, uptr entry_pc, uptr fp);
void Deallocate(void *p);
void *Reallocate(void *p, uptr new_size, uptr entry_pc, uptr fp);
uptr UsableSize(const void *p);

// Whether `pc` (a stack's frames[0], the entry point) lies in an operator new[].
bool IsArrayNewEntry(uptr pc);

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
extern u64 *g_large_size;  // per large chunk, at its first page: bytes requested
constexpr uptr kLargePages = kLargeSize / kPageSize;

LS_ALWAYS_INLINE uptr RegionBase(uptr c) { return kHeapBase + c * kRegionSize; }
LS_ALWAYS_INLINE ChunkMeta *RegionMeta(uptr r) { return (ChunkMeta *)(kMetaBase + r * kRegionSize); }
// Large chunk metadata: one ChunkMeta per large-region page, indexed by the first page.
LS_ALWAYS_INLINE ChunkMeta *LargeMeta() { return RegionMeta(kNumSizeClasses); }
LS_ALWAYS_INLINE uptr ChunkIndex(uptr c, uptr offset) {
  return (uptr)(((unsigned __int128)offset * g_class_magic[c]) >> 64);
}

// Chunk slots by region: r < kNumSizeClasses a size class, r == kNumSizeClasses the large
// region, whose slots are its pages (RegionBase and RegionMeta hold for it too). Slot i
// begins at RegionBase(r) + i * SlotStride(r); its metadata is RegionMeta(r)[i].
LS_ALWAYS_INLINE uptr SlotStride(uptr r) { return r < kNumSizeClasses ? g_class_size[r] : kPageSize; }
// Whether slot i of region r holds an allocated chunk (a large one at its first page).
LS_ALWAYS_INLINE bool SlotAllocated(uptr r, uptr i) {
  if (r == kNumSizeClasses && g_page_map[i] != i + 1) return false;
  return MetaState(&RegionMeta(r)[i]) == kChunkAllocated;
}

// The bytes requested for the chunk at `begin` (0 for malloc(0)).
LS_ALWAYS_INLINE uptr ChunkSize(uptr begin, const ChunkMeta *m) {
  uptr r = (begin - kHeapBase) >> kRegionShift;
  if (LS_LIKELY(r < kNumSizeClasses)) return g_class_size[r] - MetaSlack(m);
  return g_large_size[(begin - kLargeBase) / kPageSize];
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
      if (SlotAllocated(c, i)) fn(base + i * size, &meta[i]);
  }
  ChunkMeta *lm = LargeMeta();
  for (uptr pg = 0; pg < g_large_bump_pages; pg++)
    if (SlotAllocated(kNumSizeClasses, pg)) fn(kLargeBase + pg * kPageSize, &lm[pg]);
}

// Moves the calling thread's cached free chunks back to the central lists.
void DrainThreadCache();

void InitAllocator();
// After options are parsed: max_allocation_size_mb.
void ApplyAllocatorOptions();

// The largest request Allocate serves (max_allocation_size_mb, at most kAllocatorLimit);
// a larger one returns nullptr.
constexpr uptr kAllocatorLimit = 1ULL << 40;
extern uptr g_max_allocation;

}  // namespace leakscope

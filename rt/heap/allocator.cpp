#include "heap/allocator.h"
#include "base/runtime_mappings.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "abi.h"
#include "base/internal_alloc.h"
#include "base/locks.h"
#include "base/report_io.h"
#include "heap/free_list_guard.h"
#include "heap/heap_errors.h"
#include "heap/page_release.h"
#include "heap/shadow.h"
#include "options.h"
#include "stacks/hybrid_unwind.h"
#include "stacks/stack_cache.h"
#include "stacks/stack_trace.h"

extern "C" __thread const LeakScopeSite *__leakscope_pending_site
    __attribute__((tls_model("initial-exec"), visibility("default")));
__thread const LeakScopeSite *__leakscope_pending_site;

namespace leakscope {

// ---- Size classes -------------------------------------------------------------------
// 16..128 in steps of 16 (8 classes), four classes per doubling up to 1 KiB, eight per
// doubling up to 64 KiB: rounding wastes at most 1/4 below 1 KiB and 1/8 above, where a
// few big blocks (SQLite's 4 KiB pages plus a header) would otherwise dominate RSS.
uptr g_class_size[kNumSizeClasses];
// floor(2^64 / size) + 1: chunk index = (offset * magic) >> 64, exact for offsets below
// 2^35 and sizes below 2^17 (the error term stays under 1/size).
u64 g_class_magic[kNumSizeClasses];
uptr g_carved[kNumSizeClasses];

uptr ClassSize(uptr c) { return g_class_size[c]; }

static void InitSizeClasses() {
  uptr c = 0;
  for (uptr s = 16; s <= 128; s += 16) g_class_size[c++] = s;
  for (uptr base = 128; base < kMaxSmallSize; base *= 2) {
    uptr steps = base < 1024 ? 4 : 8;
    for (uptr q = 1; q <= steps; q++) g_class_size[c++] = base + q * base / steps;
  }
  if (c != kNumSizeClasses) Fatal("size class table mismatch (%zu)", (size_t)c);
  for (c = 0; c < kNumSizeClasses; c++)
    g_class_magic[c] = (u64)((~(unsigned __int128)0 >> 64) / g_class_size[c]) + 1;
}

LS_ALWAYS_INLINE uptr SizeToClass(uptr size) {
  if (size <= 128) return size ? (size - 1) >> 4 : 0;
  uptr log = 63 - __builtin_clzll(size - 1);  // size in (2^log, 2^(log+1)]
  uptr base = 1ULL << log;
  if (log < 10) return 8 + (log - 7) * 4 + ((size - 1 - base) >> (log - 2));  // q: 0..3
  return 20 + (log - 10) * 8 + ((size - 1 - base) >> (log - 3));             // q: 0..7
}

uptr ClassForSize(uptr size) { return SizeToClass(size); }

// The class for a size with an alignment above 16: the first class whose size is a
// multiple of the alignment (every chunk of it is then aligned). -1 if none.
static int ClassForAligned(uptr size, uptr align) {
  for (uptr c = SizeToClass(size); c < kNumSizeClasses; c++)
    if (g_class_size[c] % align == 0) return (int)c;
  return -1;
}


// ---- Central state --------------------------------------------------------------------
namespace {
// A chunk in a thread cache holds the link to the next one in its first word, where a
// use-after-free write lands first. The link is stored encoded (free_list_guard.h) and
// checked when the chunk is popped: a damaged link is reported, never followed.
struct FreeChunk {
  uptr next_encoded;
};

// The central free list of a class is linked through the chunks' metadata (stack_id =
// next chunk index + 1), not through their memory: so whole pages of central chunks can
// be given back to the OS without losing the list.
struct alignas(64) CentralClass {
  SpinLock lock{LockRank::kAllocatorClass};
  u32 free_head LS_GUARDED_BY(lock);  // chunk index + 1; 0: empty
  uptr num_free LS_GUARDED_BY(lock);
  PendingPages pending;  // whole free pages not given back yet (page_release.h)
  uptr capacity;  // chunks the region can hold; g_carved[c] have been handed out
};

struct PerClassCache {
  FreeChunk *head;
  u32 count;
  u32 max;
};

struct ThreadCache {
  PerClassCache c[kNumSizeClasses];
};

struct LargeRun {  // a free run of pages in the large region
  uptr first_page, pages;
  LargeRun *next;
};

CentralClass g_central[kNumSizeClasses];
LS_REGISTER_LOCK_ARRAY(g_central[0].lock, kNumSizeClasses, sizeof(CentralClass));
}  // namespace

uptr g_large_bump_pages;
u32 *g_page_map;
u64 *g_large_size;

namespace {
SpinLock g_large_lock{LockRank::kAllocatorLarge};
LS_REGISTER_LOCK(g_large_lock);
LargeRun *g_large_free LS_GUARDED_BY(g_large_lock);
SpinLock g_init_lock{LockRank::kAllocatorInit};
LS_REGISTER_LOCK(g_init_lock);
bool g_allocator_ready;  // written under g_init_lock, read without it (acquire)
}  // namespace

__thread int tls_disable_depth __attribute__((tls_model("initial-exec")));
__thread int tls_runtime_alloc_depth __attribute__((tls_model("initial-exec")));
uptr g_max_allocation = kAllocatorLimit;
static __thread ThreadCache tls_cache __attribute__((tls_model("initial-exec")));


void ApplyAllocatorOptions() {
  uptr mb = (uptr)g_options.max_allocation_size_mb;
  g_max_allocation = mb && (mb << 20) < kAllocatorLimit ? mb << 20 : kAllocatorLimit;
}

void InitAllocator() {
  ScopedLock l(&g_init_lock);
  if (g_allocator_ready) return;
  InitSizeClasses();
  InitFreeListGuard();
  int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE;
  void *heap = mmap((void *)kHeapBase, kHeapSize, PROT_READ | PROT_WRITE, flags, -1, 0);
  if (heap != (void *)kHeapBase)
    Fatal("cannot reserve the heap range at %p (%zu GiB): errno %d", (void *)kHeapBase,
          (size_t)(kHeapSize >> 30), errno);
  void *meta = mmap((void *)kMetaBase, kHeapSize, PROT_READ | PROT_WRITE, flags, -1, 0);
  if (meta != (void *)kMetaBase) Fatal("cannot reserve chunk metadata at %p", (void *)kMetaBase);
  RegisterRuntimeMapping(heap, kHeapSize, RuntimeMemory::kHeap);  // the heap is scanned chunk by chunk
  RegisterRuntimeMapping(meta, kHeapSize, RuntimeMemory::kAllocatorMetadata);
  InitShadow();
  InitPageRelease();
  g_page_map = (u32 *)mmap(nullptr, kLargePages * sizeof(u32), PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (g_page_map == MAP_FAILED) Fatal("cannot map the large page map");
  g_large_size = (u64 *)mmap(nullptr, kLargePages * sizeof(u64), PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (g_large_size == MAP_FAILED) Fatal("cannot map the large chunk sizes");
  RegisterRuntimeMapping(g_page_map, kLargePages * sizeof(u32), RuntimeMemory::kAllocatorMetadata);
  RegisterRuntimeMapping(g_large_size, kLargePages * sizeof(u64), RuntimeMemory::kAllocatorMetadata);
  for (uptr c = 0; c < kNumSizeClasses; c++) {
    uptr fit = kRegionSize / g_class_size[c];
    g_central[c].capacity = fit < kMaxChunksPerClass ? fit : kMaxChunksPerClass;
  }
  __atomic_store_n(&g_allocator_ready, true, __ATOMIC_RELEASE);
}

static void EnsureInit() {
  if (LS_UNLIKELY(!__atomic_load_n(&g_allocator_ready, __ATOMIC_ACQUIRE))) InitAllocator();
}

// ---- Small chunks -----------------------------------------------------------------------
static u32 CacheMax(uptr c) {
  uptr n = (64 * 1024) / g_class_size[c];
  return (u32)(n < 8 ? 8 : n > 256 ? 256 : n);
}

// Moves the calling thread's cached chunks of class c, all but `keep`, to the central
// list. The class lock is held.
static void DrainLocked(uptr c, CentralClass *cc, u32 keep) LS_REQUIRES(cc->lock) {
  PerClassCache *pc = &tls_cache.c[c];
  if (pc->count <= keep) return;
  u32 n = pc->count - keep;
  ChunkMeta *meta = RegionMeta(c);
  uptr base = RegionBase(c);
  uptr carved = g_carved[c];
  for (u32 k = 0; k < n; k++) {
    FreeChunk *f = pc->head;
    if (LS_UNLIKELY(!f)) ReportHeapCorruption("a thread cache's free list ends early", 0, c, true);
    pc->head = (FreeChunk *)DecodeLink(&f->next_encoded, c, true);
    u32 i = (u32)ChunkIndex(c, (uptr)f - base);
    ChunkMeta central = {};
    central.state = kChunkCentral;
    central.stack_id = cc->free_head;
    StoreMeta(&meta[i], central);
    cc->free_head = i + 1;
    PagesOnCentralPush(c, i, carved, &cc->pending);
  }
  pc->count = keep;
  cc->num_free += n;
}

LS_NOINLINE static void Drain(uptr c, u32 keep) {
  if (tls_cache.c[c].count <= keep) return;
  CentralClass *cc = &g_central[c];
  ScopedLock l(&cc->lock);
  DrainLocked(c, cc, keep);
}

// The heap is about to grow: first give back the pages other classes have queued (see
// page_release.h). `held` is a class whose lock the caller holds (kNumSizeClasses:
// none); other classes are skipped while busy, as taking their locks in any order could
// deadlock. A class idle since its pages were queued also gets the calling thread's
// cached chunks back first: left in the cache, they would keep their pages, scattered
// over the class, from being whole.
static void ReleaseQueuedPages(uptr held) {
  if (!__atomic_load_n(&g_pages_pending, __ATOMIC_RELAXED)) return;
  for (uptr c = 0; c < kNumSizeClasses; c++) {
    CentralClass *cc = &g_central[c];
    if (!cc->pending.count) continue;
    if (c == held) {
      PagesFlush(c, g_carved[c], &cc->pending);
    } else if (cc->lock.TryLock()) {
      if (!cc->pending.taken_from) DrainLocked(c, cc, 0);
      PagesFlush(c, g_carved[c], &cc->pending);
      cc->lock.Unlock();
    }
  }
}

LS_NOINLINE static bool Refill(uptr c) {
  PerClassCache *pc = &tls_cache.c[c];
  // Called when the list is empty: a count left over means a damaged link ended it early.
  if (LS_UNLIKELY(pc->count))
    ReportHeapCorruption("a thread cache's free list ends early", 0, c, false);
  if (!pc->max) pc->max = CacheMax(c);
  u32 want = pc->max / 2 ? pc->max / 2 : 1;
  CentralClass *cc = &g_central[c];
  ChunkMeta *meta = RegionMeta(c);
  uptr base = RegionBase(c), size = g_class_size[c];
  ScopedLock l(&cc->lock);
  while (want && cc->free_head) {
    u32 i = cc->free_head - 1;
    cc->free_head = MetaStackId(&meta[i]);
    cc->num_free--;
    SetMetaState(&meta[i], kChunkFree);
    PagesOnCentralPop(c, i, &cc->pending);  // a released page comes back zero-filled on first touch
    FreeChunk *f = (FreeChunk *)(base + i * size);
    f->next_encoded = EncodeLink(&f->next_encoded, (uptr)pc->head);
    pc->head = f;
    pc->count++;
    want--;
  }
  uptr carved = g_carved[c];
  if (want) ReleaseQueuedPages(c);
  while (want && carved < cc->capacity) {
    FreeChunk *f = (FreeChunk *)(base + carved++ * size);
    f->next_encoded = EncodeLink(&f->next_encoded, (uptr)pc->head);
    pc->head = f;
    pc->count++;
    want--;
  }
  __atomic_store_n(&g_carved[c], carved, __ATOMIC_RELEASE);
  return pc->head != nullptr;
}

void DrainThreadCache() {
  for (uptr c = 0; c < kNumSizeClasses; c++) Drain(c, 0);
}

// Refills the cache of class *c; when that class has handed out all it can hold, moves
// *c up to the next class that can serve the request.
LS_NOINLINE static bool RefillOrMoveUp(uptr *c, uptr size, uptr align) {
  for (uptr k = *c; k < kNumSizeClasses && g_class_size[k] - size <= kMaxSlack; k++) {
    if (align > 16 && g_class_size[k] % align) continue;
    if (!tls_cache.c[k].head && !Refill(k)) continue;
    *c = k;
    return true;
  }
  return false;
}

// ---- Large chunks --------------------------------------------------------------------
static uptr LargeAllocPages(uptr pages) {
  ScopedLock l(&g_large_lock);
  for (LargeRun **pr = &g_large_free; *pr; pr = &(*pr)->next) {
    LargeRun *r = *pr;
    if (r->pages < pages) continue;
    uptr first = r->first_page;
    r->first_page += pages;
    r->pages -= pages;
    if (!r->pages) {
      *pr = r->next;
      InternalFree(r);
    }
    return first;
  }
  if (g_large_bump_pages + pages > kLargePages) return ~(uptr)0;
  ReleaseQueuedPages(kNumSizeClasses);
  uptr first = g_large_bump_pages;
  __atomic_store_n(&g_large_bump_pages, first + pages, __ATOMIC_RELEASE);
  return first;
}

static void LargeFreePages(uptr first, uptr pages) {
  uptr addr = kLargeBase + first * kPageSize;
  madvise((void *)addr, pages * kPageSize, MADV_DONTNEED);  // back to the OS
  LargeRun *r = (LargeRun *)InternalAlloc(sizeof(LargeRun));
  r->first_page = first;
  r->pages = pages;
  ScopedLock l(&g_large_lock);
  r->next = g_large_free;
  g_large_free = r;
}

static ChunkMeta *LargeAllocate(uptr size, uptr align, uptr *begin) {
  uptr pages = RoundUp(size ? size : 1, kPageSize) / kPageSize;
  uptr extra = align > kPageSize ? align / kPageSize - 1 : 0;
  uptr first = LargeAllocPages(pages + extra);
  if (first == ~(uptr)0) return nullptr;
  uptr start = first;
  if (extra) {
    uptr addr = RoundUp(kLargeBase + first * kPageSize, align);
    start = (addr - kLargeBase) / kPageSize;
    if (start > first) LargeFreePages(first, start - first);
    uptr tail = first + pages + extra - (start + pages);
    if (tail) LargeFreePages(start + pages, tail);
  }
  for (uptr p = 0; p < pages; p++) g_page_map[start + p] = (u32)(start + 1);
  g_large_size[start] = size;
  *begin = kLargeBase + start * kPageSize;
  return &LargeMeta()[start];
}

// ---- Lookup ------------------------------------------------------------------------------
ChunkMeta *FindChunk(uptr p, uptr *begin) {
  uptr b;
  ChunkMeta *m = LookupChunk(p, &b);
  if (!m || MetaState(m) != kChunkAllocated) return nullptr;
  uptr size = ChunkSize(b, m);
  if (p - b >= (size ? size : 1)) return nullptr;
  *begin = b;
  return m;
}

ChunkMeta *ChunkAt(uptr p) {
  uptr b;
  ChunkMeta *m = LookupChunk(p, &b);
  if (!m || b != p || MetaState(m) != kChunkAllocated) return nullptr;
  return m;
}

// ---- Entry points ----------------------------------------------------------------------
LS_ALWAYS_INLINE static StackEntry *RecordStack(uptr entry_pc, uptr fp) {
  uptr pcs[kMaxFrames];
  u64 frame_hash;
  u32 max = (u32)g_options.malloc_context_size;
  u32 n = LS_LIKELY(!g_options.fast_unwind_on_malloc)
              ? UnwindHybridInline(pcs, max, entry_pc, fp, &frame_hash)
              : UnwindStackHashed(pcs, max, entry_pc, fp, &frame_hash);
  const LeakScopeSite *site = __leakscope_pending_site;
  __leakscope_pending_site = nullptr;
  StackEntry *e = CachedDepotPut(pcs, n, site, frame_hash);
  // Such a stack runs through the runtime's own frames, so it is only ever the runtime's.
  if (LS_UNLIKELY(tls_runtime_alloc_depth) && !(e->flags & kStackFromRuntime))
    __atomic_fetch_or(&e->flags, kStackFromRuntime, __ATOMIC_RELAXED);
  return e;
}

LS_ALWAYS_INLINE static void *AllocateImpl(uptr size, uptr align, bool zero,
                                           uptr entry_pc, uptr fp) {
  EnsureInit();
  if (LS_UNLIKELY(size > g_max_allocation)) return nullptr;
  uptr begin;
  ChunkMeta *m;
  u16 slack = 0;
  uptr c = kNumSizeClasses;  // large unless a size class fits
  if (align <= 16) {
    c = SizeToClass(size);
  } else if (size <= kMaxSmallSize && align <= kPageSize) {
    int ac = ClassForAligned(size, align);
    if (ac >= 0 && g_class_size[ac] - size <= kMaxSlack) c = (uptr)ac;
  }
  if (size <= kMaxSmallSize && c < kNumSizeClasses) {
    PerClassCache *pc = &tls_cache.c[c];
    if (LS_UNLIKELY(!pc->head)) {
      if (!RefillOrMoveUp(&c, size, align)) return nullptr;
      pc = &tls_cache.c[c];
    }
    FreeChunk *f = pc->head;
    pc->head = (FreeChunk *)DecodeLink(&f->next_encoded, c);
    pc->count--;
    begin = (uptr)f;
    m = &RegionMeta(c)[ChunkIndex(c, begin - RegionBase(c))];
    if (zero) memset(f, 0, size);  // beyond size the chunk is not the program's
    else f->next_encoded = 0;  // do not leave a free-list link in user memory
    slack = (u16)(g_class_size[c] - size);
  } else {
    m = LargeAllocate(size, align, &begin);
    if (!m) return nullptr;
  }
  StackEntry *stack = RecordStack(entry_pc, fp);
  // Built whole and stored at once: the bitfields written one by one would each be a
  // read-modify-write of the metadata word.
  ChunkMeta meta = {};
  meta.slack = slack;
  meta.state = kChunkAllocated;
  meta.ignored = tls_disable_depth != 0 || (stack->flags & (kStackFromLoader | kStackFromRuntime));
  // An ignored chunk is born tagged as one: a runtime thread keeps running during a leak
  // check and may allocate after the check reset the tags (the snapshot thread's
  // pthread_getattr_np at start-up, as a short program exits); tagged kTagLeaked it
  // would be collected as a leak.
  meta.tag = meta.ignored ? kTagIgnored : kTagLeaked;
  meta.stack_id = stack->id;
  StoreMeta(m, meta);
  ShadowNoteAllocation(begin);
  BucketAlloc(stack->id, size);
  return (void *)begin;
}

void *Allocate(uptr size, uptr alignment, bool zero, uptr entry_pc, uptr fp) {
  return AllocateImpl(size, alignment, zero, entry_pc, fp);
}

// Never ours. A stack or global address is the program's bug: stop, as glibc does.
// Anything else is left alone: the dynamic loader's early memory (from its own minimal
// malloc, before this allocator was bound) may reach free(). Out of line: the buffer
// would cost the fast path a stack frame.
LS_NOINLINE __attribute__((cold)) static void FreeNotInHeap(void *ptr) {
  char where[512];
  if (DescribeNonHeapAddress((uptr)ptr, where, sizeof(where)))
    ReportInvalidFree("free()", ptr, where);
}

// Puts the free small chunk p at the head of its class's thread cache.
LS_ALWAYS_INLINE static void PushCached(PerClassCache *pc, uptr p) {
  FreeChunk *f = (FreeChunk *)p;
  f->next_encoded = EncodeLink(&f->next_encoded, (uptr)pc->head);
  pc->head = f;
  pc->count++;
}

// Every case: large chunks, a full thread cache, a bucket page not yet created, and
// pointers that are not allocated chunks (reported or ignored).
LS_NOINLINE static void DeallocateSlow(void *ptr) {
  uptr p = (uptr)ptr;
  uptr off = p - kHeapBase;
  if (LS_UNLIKELY(off >= kHeapSize)) return FreeNotInHeap(ptr);
  uptr begin;
  ChunkMeta *m = LookupChunk(p, &begin);
  if (!m || begin != p || MetaState(m) != kChunkAllocated) {
    Warn("free() of %p, which is not an allocated heap block; ignored", ptr);
    return;
  }
  uptr size = ChunkSize(begin, m);
  BucketFree(MetaStackId(m), size);
  SetMetaState(m, kChunkFree);
  uptr r = off >> kRegionShift;
  if (r < kNumSizeClasses) {
    PerClassCache *pc = &tls_cache.c[r];
    PushCached(pc, p);
    if (LS_UNLIKELY(pc->count > (pc->max ? pc->max : CacheMax(r)))) {
      if (!pc->max) pc->max = CacheMax(r);
      Drain(r, pc->max / 2);
    }
    return;
  }
  uptr first = (p - kLargeBase) / kPageSize;
  uptr pages = RoundUp(size ? size : 1, kPageSize) / kPageSize;
  for (uptr i = 0; i < pages; i++) g_page_map[first + i] = 0;
  LargeFreePages(first, pages);
}

// The common free: an allocated small chunk, its thread cache not full, this thread's
// bucket page for the stack present. The same steps as DeallocateSlow's, with no call
// on the way, so it needs no stack frame of its own; anything else goes there.
void Deallocate(void *ptr) {
  uptr p = (uptr)ptr;
  uptr off = p - kHeapBase;
  uptr r = off >> kRegionShift;
  if (LS_LIKELY(r < kNumSizeClasses)) {  // so p is in the heap
    uptr idx = ChunkIndex(r, off & (kRegionSize - 1));
    ChunkMeta *m = &RegionMeta(r)[idx];
    PerClassCache *pc = &tls_cache.c[r];
    if (LS_LIKELY(RegionBase(r) + idx * g_class_size[r] == p &&
                  idx < __atomic_load_n(&g_carved[r], __ATOMIC_RELAXED) &&
                  MetaState(m) == kChunkAllocated && pc->count < pc->max)) {
      if (BucketCounters *c = BucketSlotIfPresent(MetaStackId(m))) {
        OwnerAdd(&c->free_objects, 1);
        OwnerAdd(&c->free_bytes, g_class_size[r] - MetaSlack(m));
        SetMetaState(m, kChunkFree);
        PushCached(pc, p);
        return;
      }
    }
  }
  DeallocateSlow(ptr);
}

uptr UsableSize(const void *ptr) {
  uptr begin;
  ChunkMeta *m = LookupChunk((uptr)ptr, &begin);
  if (!m || begin != (uptr)ptr || MetaState(m) != kChunkAllocated) return 0;
  return ChunkSize(begin, m);
}

void *Reallocate(void *ptr, uptr new_size, uptr entry_pc, uptr fp) {
  if (!ptr) return AllocateImpl(new_size, 16, false, entry_pc, fp);
  char where[512];
  if (!InHeap((uptr)ptr) && DescribeNonHeapAddress((uptr)ptr, where, sizeof(where)))
    ReportInvalidFree("realloc()", ptr, where);
  uptr begin;
  ChunkMeta *m = LookupChunk((uptr)ptr, &begin);
  if (!m || begin != (uptr)ptr || MetaState(m) != kChunkAllocated) {
    Warn("realloc() of %p, which is not an allocated heap block", ptr);
    return nullptr;
  }
  uptr old = ChunkSize(begin, m);
  void *n = AllocateImpl(new_size, 16, false, entry_pc, fp);
  if (!n) return nullptr;  // the original block stays valid
  memcpy(n, ptr, old < new_size ? old : new_size);
  Deallocate(ptr);
  return n;
}

}  // namespace leakscope

#include "heap/page_release.h"
#include "base/runtime_mappings.h"

#include <sys/mman.h>

#include "base/report_io.h"
#include "heap/allocator.h"
#include "heap/shadow.h"

namespace leakscope {

static constexpr uptr kMinRun = 4;       // pages
static constexpr uptr kMaxLook = 4096;   // pages looked at on each side of a queued page
u16 *g_central_count;
u16 g_min_chunks_on_page[kNumSizeClasses];
// Per class, one bit per page of its region: queued (PendingPages says where).
static u64 *g_queued;
uptr g_pages_pending;

static void *Reserve(uptr bytes, const char *what) {
  void *p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) Fatal("cannot map %s", what);
  RegisterRuntimeMapping(p, bytes, RuntimeMemory::kAllocatorMetadata);
  return p;
}

void InitPageRelease() {
  g_central_count = (u16 *)Reserve(kNumSizeClasses * kPagesPerRegion * sizeof(u16),
                                   "the page release counters");
  g_queued = (u64 *)Reserve(kNumSizeClasses * kPagesPerRegion / 8, "the page release queues");
  for (uptr c = 0; c < kNumSizeClasses; c++) {
    uptr size = g_class_size[c];
    g_min_chunks_on_page[c] = (u16)(size < kPageSize ? (kPageSize + size - 1) / size : 1);
  }
}

static inline u16 *Counters(uptr c) { return g_central_count + c * kPagesPerRegion; }
static inline u64 *Queued(uptr c) { return g_queued + c * kPagesPerRegion / 64; }

// Chunks of class c overlapping page p (relative to the region), or 0 when the page
// reaches beyond the chunks handed out (the region's frontier is never released).
static uptr ChunksOnPage(uptr c, uptr p, uptr carved) {
  uptr first = ChunkIndex(c, p * kPageSize), last = ChunkIndex(c, p * kPageSize + kPageSize - 1);
  return last < carved ? last - first + 1 : 0;
}

static bool Whole(const u16 *count, uptr c, uptr p, uptr carved) {
  u16 n = count[p] & ~kReleased;
  return n && n == ChunksOnPage(c, p, carved);
}

// Releases the whole, not yet released pages around p when, with the released whole
// pages next to them, they make a run of at least kMinRun pages.
static void ReleaseAround(uptr c, uptr p, uptr carved, u16 *count) {
  if (!Whole(count, c, p, carved) || (count[p] & kReleased)) return;
  auto fresh = [&](uptr q) { return Whole(count, c, q, carved) && !(count[q] & kReleased); };
  uptr lo = p, hi = p + 1;
  while (lo > 0 && p - lo < kMaxLook && fresh(lo - 1)) lo--;
  while (hi - p < kMaxLook && fresh(hi)) hi++;
  uptr run_lo = lo, run_hi = hi;
  while (run_lo > 0 && run_hi - run_lo < kMinRun && Whole(count, c, run_lo - 1, carved)) run_lo--;
  while (run_hi - run_lo < kMinRun && Whole(count, c, run_hi, carved)) run_hi++;
  if (run_hi - run_lo < kMinRun) return;
  uptr base = RegionBase(c);
  madvise((void *)(base + lo * kPageSize), (hi - lo) * kPageSize, MADV_DONTNEED);
  ShadowRelease(base + lo * kPageSize, base + hi * kPageSize);
  for (uptr q = lo; q < hi; q++) count[q] |= kReleased;
}

void PagesFlush(uptr c, uptr carved, PendingPages *pending) {
  if (!pending->count) return;
  if (pending->taken_from) {
    pending->taken_from = false;
    return;
  }
  u16 *count = Counters(c);
  u64 *queued = Queued(c);
  for (uptr w = pending->lo / 64; w < (pending->hi + 63) / 64; w++) {
    for (u64 bits = queued[w]; bits; bits &= bits - 1)
      ReleaseAround(c, w * 64 + __builtin_ctzll(bits), carved, count);
    queued[w] = 0;
  }
  __atomic_fetch_sub(&g_pages_pending, pending->count, __ATOMIC_RELAXED);
  pending->count = 0;
}

// The page p of class c has one more central chunk: queued when that makes it whole.
void PagesQueueIfWhole(uptr c, uptr p, uptr carved, PendingPages *pending) {
  if (Counters(c)[p] != ChunksOnPage(c, p, carved)) return;
  u64 *queued = Queued(c);
  u64 bit = 1ULL << (p % 64);
  if (queued[p / 64] & bit) return;
  queued[p / 64] |= bit;
  if (!pending->count++) {
    pending->lo = p;
    pending->hi = p + 1;
    pending->taken_from = false;
  } else {
    if (p < pending->lo) pending->lo = p;
    if (p >= pending->hi) pending->hi = p + 1;
  }
  __atomic_fetch_add(&g_pages_pending, 1, __ATOMIC_RELAXED);
}

void PagesOnCentralPushSpanning(uptr c, uptr index, uptr carved, PendingPages *pending) {
  uptr size = g_class_size[c], off = index * size;
  u16 *count = Counters(c);
  for (uptr p = off / kPageSize, last = (off + size - 1) / kPageSize; p <= last; p++) {
    ++count[p];
    PagesQueueIfWhole(c, p, carved, pending);
  }
}

void PagesOnCentralPopSpanning(uptr c, uptr index) {
  uptr size = g_class_size[c], off = index * size;
  u16 *count = Counters(c);
  for (uptr p = off / kPageSize, last = (off + size - 1) / kPageSize; p <= last; p++)
    count[p] = (u16)((count[p] & ~kReleased) - 1);
}

}  // namespace leakscope

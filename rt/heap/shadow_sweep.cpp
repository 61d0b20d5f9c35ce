// The shadow sweep and the folded per-chunk epochs (see shadow_sweep.h).
#include "heap/shadow_sweep.h"

#include <sys/mman.h>

#include "abi.h"
#include "base/report_io.h"
#include "base/runtime_mappings.h"
#include "heap/allocator.h"
#include "heap/epoch_clock.h"

namespace leakscope {

namespace {
// folded[]: small class c, slot i at g_folded + c * kFoldRegion + 4 * i; the large region
// by first page after the small classes.
constexpr uptr kFoldRegion = (kRegionSize / 16) * sizeof(u32);
constexpr uptr kFoldLarge = kNumSizeClasses * kFoldRegion;
constexpr uptr kFoldSize = kFoldLarge + kLargePages * sizeof(u32);
uptr g_folded;
}  // namespace

// At a fixed address beside the chunk metadata, like the heap and the metadata: a
// tool such as valgrind refuses a reservation this large where the kernel may choose.
constexpr uptr kFoldBase = kMetaBase + kHeapSize;

void InitShadowSweep() {
  void *p = mmap((void *)kFoldBase, kFoldSize, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
  if (p == (void *)kFoldBase) {
    g_folded = (uptr)p;
    RegisterRuntimeMapping(p, kFoldSize, RuntimeMemory::kShadow);  // epochs, not pointers: never a root
    return;
  }
  if (p != MAP_FAILED) munmap(p, kFoldSize);  // an old kernel ignoring NOREPLACE
  // Not fatal: without the table a stamp stays exact until the sweep clears it (64 to
  // 130 epochs), after which the block reads as untouched since epoch 0, the program's
  // start: ages of old blocks are overstated, never understated (nothing old looks fresh).
  Warn("cannot reserve the folded access epochs at %p (%zu GiB); blocks untouched for over "
       "64 epochs will look untouched since the start", (void *)kFoldBase,
       (size_t)(kFoldSize >> 30));
}

static inline u8 *ShadowOf(uptr p) {
  return (u8 *)(LEAKSCOPE_SHADOW_BASE + ((p - kHeapBase) >> LEAKSCOPE_SHADOW_SCALE));
}
static inline uptr GranuleOf(const u8 *s) {
  return kHeapBase + (((uptr)s - LEAKSCOPE_SHADOW_BASE) << LEAKSCOPE_SHADOW_SCALE);
}

// The folded slot of the chunk slot containing heap address g, or nullptr (a large page
// that belongs to no chunk).
static u32 *FoldedSlot(uptr g) {
  uptr r = (g - kHeapBase) >> kRegionShift;
  if (r < kNumSizeClasses)
    return (u32 *)(g_folded + r * kFoldRegion + 4 * ChunkIndex(r, g - RegionBase(r)));
  uptr page = (g - kLargeBase) / kPageSize;
  u32 first = __atomic_load_n(&g_page_map[page], __ATOMIC_RELAXED);
  if (!first) return nullptr;
  return (u32 *)(g_folded + kFoldLarge + 4 * (uptr)(first - 1));
}

static void FoldByte(u8 *s, u8 v, u32 now) {
  u32 age = (u8)((u8)now - v);
  if (age < kFoldAge || age >= kFutureAge || age > now) return;
  u32 epoch = now - age;
  if (g_folded)
    if (u32 *slot = FoldedSlot(GranuleOf(s)))
    if (__atomic_load_n(slot, __ATOMIC_RELAXED) < epoch) __atomic_store_n(slot, epoch, __ATOMIC_RELAXED);
  // Only if the program has not stamped it again meanwhile.
  __atomic_compare_exchange_n(s, &v, (u8)0, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED);
}

// Sweeps the shadow of the heap range [lo, hi): resident pages only.
static void SweepRange(uptr lo, uptr hi, u32 now) {
  if (lo >= hi) return;
  uptr s = RoundDown((uptr)ShadowOf(lo), kPageSize), e = RoundUp((uptr)ShadowOf(hi - 1) + 1, kPageSize);
  constexpr uptr kBatch = 1024;  // pages per mincore call
  unsigned char resident[kBatch];
  for (uptr batch = s; batch < e; batch += kBatch * kPageSize) {
    uptr n = (e - batch) / kPageSize < kBatch ? (e - batch) / kPageSize : kBatch;
    if (mincore((void *)batch, n * kPageSize, resident)) continue;
    for (uptr k = 0; k < n; k++) {
      if (!(resident[k] & 1)) continue;
      u64 *w = (u64 *)(batch + k * kPageSize), *end = w + kPageSize / 8;
      for (; w < end; w++) {
        u64 word = __atomic_load_n(w, __ATOMIC_RELAXED);
        if (!word) continue;
        u8 *b = (u8 *)w;
        for (int i = 0; i < 8; i++, word >>= 8)
          if ((u8)word) FoldByte(b + i, (u8)word, now);
      }
    }
  }
}

void SweepShadow(u32 now) {
  if (!g_page_map) return;  // the allocator never ran
  for (uptr c = 0; c < kNumSizeClasses; c++) {
    uptr carved = __atomic_load_n(&g_carved[c], __ATOMIC_ACQUIRE);
    SweepRange(RegionBase(c), RegionBase(c) + carved * g_class_size[c], now);
  }
  uptr pages = __atomic_load_n(&g_large_bump_pages, __ATOMIC_ACQUIRE);
  SweepRange(kLargeBase, kLargeBase + pages * kPageSize, now);
}

u32 ChunkLastAccessEpoch(uptr begin, uptr size, u32 now, u32 enough) {
  u32 best = 0;
  if (g_folded)
    if (u32 *slot = FoldedSlot(begin)) best = __atomic_load_n(slot, __ATOMIC_RELAXED);
  if (best >= enough) return best;
  uptr end = begin + (size ? size : 1);
  for (u8 *s = ShadowOf(begin), *last = ShadowOf(end - 1); s <= last; s++) {
    u8 v = __atomic_load_n(s, __ATOMIC_RELAXED);
    if (!v) continue;
    u32 age = (u8)((u8)now - v);
    if (age >= kFutureAge || age > now) return now;  // stamped after `now` was read
    if (now - age > best) best = now - age;
    if (best >= enough) break;
  }
  return best;
}

}  // namespace leakscope

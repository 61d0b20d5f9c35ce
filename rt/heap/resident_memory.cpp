#include "heap/resident_memory.h"

#include <sys/mman.h>

#include "base/report_io.h"
#include "heap/allocator.h"

namespace leakscope {

namespace {
constexpr uptr kWindowPages = 1 << 14;  // 64 MiB of address space per mincore call
unsigned char g_vec[kWindowPages];      // only the final check's thread uses it

// Resident bytes of [begin, begin + size).
uptr Resident(uptr begin, uptr size) {
  if (!size) return 0;
  uptr lo = begin & ~(kPageSize - 1), hi = RoundUp(begin + size, kPageSize);
  uptr pages_resident = 0;
  for (uptr p = lo; p < hi; p += kWindowPages * kPageSize) {
    uptr len = hi - p < kWindowPages * kPageSize ? hi - p : kWindowPages * kPageSize;
    if (mincore((void *)p, len, g_vec)) continue;  // not mapped: nothing resident
    for (uptr i = 0; i < len / kPageSize; i++) pages_resident += g_vec[i] & 1;
  }
  return pages_resident * kPageSize;
}

uptr ShadowOf(uptr a) { return a >> LEAKSCOPE_SHADOW_SCALE; }

void AddMapping(uptr begin, uptr end, RuntimeMemory what, void *arg) {
  // The reservations measured over their used part (MeasureResidentMemory).
  if (begin == kHeapBase || begin == kMetaBase || begin == LEAKSCOPE_SHADOW_BASE) return;
  ((ResidentMemory *)arg)->bytes[(int)what] += Resident(begin, end - begin);
}
}  // namespace

void MeasureResidentMemory(ResidentMemory *r) {
  for (uptr &b : r->bytes) b = 0;
  uptr *heap = &r->bytes[(int)RuntimeMemory::kHeap];
  uptr *meta = &r->bytes[(int)RuntimeMemory::kAllocatorMetadata];
  uptr *shadow = &r->bytes[(int)RuntimeMemory::kShadow];
  for (uptr c = 0; c < kNumSizeClasses; c++) {
    uptr chunks = __atomic_load_n(&g_carved[c], __ATOMIC_ACQUIRE);
    uptr bytes = chunks * g_class_size[c];
    *heap += Resident(RegionBase(c), bytes);
    *meta += Resident((uptr)RegionMeta(c), chunks * sizeof(ChunkMeta));
    *shadow += Resident(ShadowOf(RegionBase(c)), bytes >> LEAKSCOPE_SHADOW_SCALE);
  }
  uptr pages = __atomic_load_n(&g_large_bump_pages, __ATOMIC_ACQUIRE);
  *heap += Resident(kLargeBase, pages * kPageSize);
  *meta += Resident((uptr)LargeMeta(), pages * sizeof(ChunkMeta));
  *shadow += Resident(ShadowOf(kLargeBase), (pages * kPageSize) >> LEAKSCOPE_SHADOW_SCALE);
  ForEachRuntimeMappingOf(AddMapping, r);
}

void ReportResidentMemory() {
  ResidentMemory r;
  MeasureResidentMemory(&r);
  auto kib = [&](RuntimeMemory w) { return (unsigned long long)(r.bytes[(int)w] >> 10); };
  Warn("resident memory: heap blocks %llu KiB; the runtime's: allocator metadata %llu KiB, "
       "access shadow %llu KiB, stack depot %llu KiB, bucket counters %llu KiB, work arrays "
       "%llu KiB, other %llu KiB",
       kib(RuntimeMemory::kHeap), kib(RuntimeMemory::kAllocatorMetadata), kib(RuntimeMemory::kShadow),
       kib(RuntimeMemory::kStackDepot), kib(RuntimeMemory::kBucketCounters),
       kib(RuntimeMemory::kWorkArrays), kib(RuntimeMemory::kOther));
}

}  // namespace leakscope

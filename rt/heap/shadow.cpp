// The write shadow (see shadow.h) and its entry points for instrumented code and users.
#include "heap/shadow.h"
#include "base/runtime_mappings.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "abi.h"
#include "base/locks.h"
#include "base/report_io.h"
#include "heap/allocator.h"

volatile leakscope::u8 __leakscope_epoch = 0;

namespace leakscope {

static_assert(kHeapBase == LEAKSCOPE_HEAP_BASE && kHeapSize == LEAKSCOPE_HEAP_SIZE,
              "abi.h and allocator.h disagree on the heap range");
static_assert(LEAKSCOPE_HEAP_BASE % LEAKSCOPE_HEAP_SIZE == 0,
              "the one-shift heap test needs a size-aligned heap");
static_assert(LEAKSCOPE_SHADOW_BASE + LEAKSCOPE_SHADOW_SIZE <= kHeapBase,
              "the shadow overlaps the heap");

u32 g_epoch;  // the full epoch; __leakscope_epoch is its low byte
static SpinLock g_epoch_lock{LockRank::kShadowEpoch};
LS_REGISTER_LOCK(g_epoch_lock);

static inline u8 *Shadow(uptr p) {
  return (u8 *)(LEAKSCOPE_SHADOW_BASE + ((p - kHeapBase) >> LEAKSCOPE_SHADOW_SCALE));
}

void InitShadow() {
  int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE;
  void *s = mmap((void *)LEAKSCOPE_SHADOW_BASE, LEAKSCOPE_SHADOW_SIZE, PROT_READ | PROT_WRITE,
                 flags, -1, 0);
  if (s != (void *)LEAKSCOPE_SHADOW_BASE)
    Fatal("cannot reserve the write shadow at %p (%zu GiB): errno %d",
          (void *)LEAKSCOPE_SHADOW_BASE, (size_t)(LEAKSCOPE_SHADOW_SIZE >> 30), errno);
  RegisterRuntimeMapping(s, LEAKSCOPE_SHADOW_SIZE);
}


// Writes only the bytes that differ: a chunk reused within one epoch leaves its shadow
// pages clean, and huge ranges cost a read per granule rather than a dirtied page.
static void Mark(uptr begin, uptr end, u8 e) {
  for (u8 *s = Shadow(begin), *last = Shadow(end - 1); s <= last; s++)
    if (__atomic_load_n(s, __ATOMIC_RELAXED) != e) __atomic_store_n(s, e, __ATOMIC_RELAXED);
}

void ShadowRelease(uptr lo, uptr hi) {
  if (!CurrentEpoch()) return;  // before the first advance nothing touches the shadow
  uptr s = RoundUp((uptr)Shadow(lo), kPageSize), e = (uptr)Shadow(hi) & ~(kPageSize - 1);
  if (s < e) madvise((void *)s, e - s, MADV_DONTNEED);
}

u32 ChunkLastWriteEpoch(uptr begin, uptr size) {
  u32 now = CurrentEpoch();
  u32 youngest = now;  // age of epoch 0, which a granule never written (0) stands for
  uptr end = begin + (size ? size : 1);
  for (u8 *s = Shadow(begin), *last = Shadow(end - 1); s <= last && youngest; s++) {
    u8 v = __atomic_load_n(s, __ATOMIC_RELAXED);
    if (!v) continue;
    u32 age = (u8)((u8)now - v);
    if (age < youngest) youngest = age;
  }
  return now - youngest;
}

}  // namespace leakscope

using namespace leakscope;

LS_INTERFACE void __leakscope_shadow_range(const void *p, size_t n) {
  uptr b = (uptr)p;
  u8 epoch = __leakscope_epoch;
  // In epoch 0 there is nothing to record: a granule never written reads as epoch 0.
  // So a program that never advances the epoch never touches the shadow.
  if (!epoch || !n || b - kHeapBase >= kHeapSize) return;
  uptr e = b + n;
  if (e - kHeapBase > kHeapSize || e < b) e = kHeapBase + kHeapSize;
  Mark(b, e, epoch);
}

// Advances the epoch and returns the new one. Serialised so the low byte seen by
// instrumented code always belongs to the latest epoch.
LS_INTERFACE unsigned __leakscope_epoch_advance(void) {
  ScopedLock l(&g_epoch_lock);
  u32 e = __atomic_add_fetch(&g_epoch, 1, __ATOMIC_RELAXED);
  if ((u8)e == 0) e = __atomic_add_fetch(&g_epoch, 1, __ATOMIC_RELAXED);  // 0: "not written"
  __atomic_store_n(&__leakscope_epoch, (u8)e, __ATOMIC_RELEASE);
  return e;
}

LS_INTERFACE unsigned __leakscope_current_epoch(void) { return CurrentEpoch(); }

// The epoch at which the heap object containing p was last written; an object never
// written reports its allocation epoch. p may point inside the object. Returns
// 0xffffffff when p is not inside an allocated heap object.
LS_INTERFACE unsigned __leakscope_last_write_epoch(const void *p) {
  uptr begin;
  ChunkMeta *m = FindChunk((uptr)p, &begin);
  if (!m) return ~0u;
  return ChunkLastWriteEpoch(begin, ChunkSize(begin, m));
}

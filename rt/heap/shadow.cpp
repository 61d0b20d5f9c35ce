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
#include "heap/shadow_sweep.h"

volatile leakscope::u8 __leakscope_epoch = 0;

namespace leakscope {

static_assert(kHeapBase == LEAKSCOPE_HEAP_BASE && kHeapSize == LEAKSCOPE_HEAP_SIZE,
              "abi.h and allocator.h disagree on the heap range");
static_assert(LEAKSCOPE_HEAP_BASE % LEAKSCOPE_HEAP_SIZE == 0,
              "the one-shift heap test needs a size-aligned heap");
static_assert(LEAKSCOPE_SHADOW_BASE == LEAKSCOPE_HEAP_BASE >> LEAKSCOPE_SHADOW_SCALE,
              "ShadowStamp and the pass compute shadow(p) as p >> SCALE");
static_assert(LEAKSCOPE_SHADOW_BASE + LEAKSCOPE_SHADOW_SIZE <= kHeapBase,
              "the shadow overlaps the heap");


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
  RegisterRuntimeMapping(s, LEAKSCOPE_SHADOW_SIZE, RuntimeMemory::kShadow);
  InitShadowSweep();
  InitEpochClock();
}


void ShadowRelease(uptr lo, uptr hi) {
  if (!CurrentEpoch()) return;  // before the first advance nothing touches the shadow
  uptr s = RoundUp((uptr)Shadow(lo), kPageSize), e = (uptr)Shadow(hi) & ~(kPageSize - 1);
  if (s < e) madvise((void *)s, e - s, MADV_DONTNEED);
}

}  // namespace leakscope

using namespace leakscope;

// Advances the epoch and returns the new one (epoch_clock.h).
LS_INTERFACE unsigned __leakscope_epoch_advance(void) { return AdvanceEpoch(); }

LS_INTERFACE unsigned __leakscope_current_epoch(void) { return CurrentEpoch(); }

// The epoch at which the heap object containing p was last accessed by instrumented
// code (written, and read unless built with track_loads=0); an object never accessed
// reports its allocation epoch. p may point inside the object. Returns
// 0xffffffff when p is not inside an allocated heap object.
LS_INTERFACE unsigned __leakscope_last_write_epoch(const void *p) {
  uptr begin;
  ChunkMeta *m = FindChunk((uptr)p, &begin);
  if (!m) return ~0u;
  return ChunkLastAccessEpoch(begin, ChunkSize(begin, m), CurrentEpoch());
}

// Giving the pages of freed small chunks back to the OS.
//
// A size-class allocator never merges free chunks, so without this a program keeps the
// peak of every size it ever used: the map nodes of a finished phase hold their pages
// while the next phase fills pages of another class. Here each page of a class region
// has a counter of the chunks overlapping it that sit in the class's central free list
// (linked through their metadata, so their memory is not needed). When the counter
// reaches the number of chunks overlapping the page, the whole page is free and is
// queued; queued pages still whole are given back with madvise(MADV_DONTNEED), together
// with the write shadow pages that cover only them. A chunk taken from the central list
// again just faults its page back in, zero-filled.
//
// When: whenever the heap grows (a class carves fresh chunks, or the large region hands
// out fresh pages), which is when free pages elsewhere count for peak RSS. Which: only
// classes that have not handed out central chunks since their pages were queued. A class
// in use (a tree freed and rebuilt, a buffer ring) would take the pages back at once,
// paying a page fault each plus the system call (40 to 100 us each on this machine);
// a class left idle by the phase that used it gives its pages back. Runs of fewer than
// kMinRun whole pages are left: scattered single pages are not worth a system call.
//
// Chunks in thread caches are linked through their own memory and are never released.
// Every function here runs under the class's central lock.
#pragma once

#include "heap/allocator.h"

namespace leakscope {

struct PendingPages {
  uptr lo, hi;      // queued pages lie in [lo, hi)
  uptr count;       // queued pages
  bool taken_from;  // the class handed out a central chunk since pages were queued
};

// Reserves the counters and the queues. Called once by InitAllocator, after the size
// classes are known.
void InitPageRelease();

constexpr uptr kPagesPerRegion = kRegionSize / kPageSize;
// Per page of every class region: central chunks overlapping it, and kReleased once the
// page was given back (cleared as soon as one of its chunks leaves the central list).
constexpr u16 kReleased = 0x8000;
extern u16 *g_central_count;
// Per class: the fewest chunks any page of its region overlaps, ceil(page / size) (a
// page overlaps ceil(a + x) - floor(a) >= ceil(x) chunks, x = page / size). A counter
// below it cannot make its page whole, so most pushes stop at one comparison.
extern u16 g_min_chunks_on_page[kNumSizeClasses];

// Out of line: a chunk spanning pages, or a page whose counter may have become whole.
void PagesOnCentralPushSpanning(uptr c, uptr index, uptr carved, PendingPages *pending);
void PagesQueueIfWhole(uptr c, uptr p, uptr carved, PendingPages *pending);
void PagesOnCentralPopSpanning(uptr c, uptr index);

// The chunk `index` of class c entered the central free list; the class has `carved`
// chunks handed out so far. Inline: the drain calls it for every chunk it moves.
LS_ALWAYS_INLINE void PagesOnCentralPush(uptr c, uptr index, uptr carved, PendingPages *pending) {
  uptr size = g_class_size[c], off = index * size, p = off / kPageSize;
  if (LS_UNLIKELY((off + size - 1) / kPageSize != p))
    return PagesOnCentralPushSpanning(c, index, carved, pending);
  u16 n = ++g_central_count[c * kPagesPerRegion + p];
  if (LS_UNLIKELY(n >= g_min_chunks_on_page[c])) PagesQueueIfWhole(c, p, carved, pending);
}

// The chunk `index` of class c left the central free list.
LS_ALWAYS_INLINE void PagesOnCentralPop(uptr c, uptr index, PendingPages *pending) {
  uptr size = g_class_size[c], off = index * size, p = off / kPageSize;
  if (LS_UNLIKELY((off + size - 1) / kPageSize != p)) {
    PagesOnCentralPopSpanning(c, index);
  } else {
    u16 *count = &g_central_count[c * kPagesPerRegion + p];
    *count = (u16)((*count & ~kReleased) - 1);
  }
  if (pending->count) pending->taken_from = true;
}
// Gives back the queued pages of class c that are still whole, unless the class has been
// taken from since they were queued (then they stay queued for a later call).
void PagesFlush(uptr c, uptr carved, PendingPages *pending);
// Pages queued in any class (read without a lock: a hint).
extern uptr g_pages_pending;

}  // namespace leakscope

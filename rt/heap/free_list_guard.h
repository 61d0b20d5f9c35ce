// Guarded free-list links: what a thread cache stores inside a freed chunk.
//
// A thread cache links its free chunks through their first word, the word a
// use-after-free write hits first. Followed unchecked, one plausible pointer written
// there made malloc return that address (a global), and a garbage one faulted inside
// the allocator. So the word holds the link encoded, and every link is checked when its
// chunk is popped:
//
//   stored = next ^ (address of the word >> 12) ^ key
//
// `key` is a per-process secret drawn at start-up (getrandom), so the program cannot
// write a value that decodes to an address of its choosing without knowing it; the
// address term makes the same link stored in two chunks differ (the idea of glibc's
// safe-linking; scudo and mimalloc encode theirs too). A decoded link is valid when it is
// 0 (the end of the list) or the start of a chunk slot of the same size class: inside
// that class's region and 16-byte aligned (every class size is a multiple of 16). A
// random value passes with probability about 2^-47; one that fails is reported as heap
// corruption and the process aborts (heap_errors.h). Central lists are linked through
// chunk metadata outside the heap and need no guard.
#pragma once

#include "heap/allocator.h"
#include "heap/heap_errors.h"

namespace leakscope {

extern uptr g_free_list_key;

// Draws the key; before the first chunk is freed (InitAllocator).
void InitFreeListGuard();

LS_ALWAYS_INLINE uptr EncodeLink(const uptr *slot, uptr next) {
  return next ^ ((uptr)slot >> 12) ^ g_free_list_key;
}

[[noreturn]] LS_NOINLINE __attribute__((cold)) void ReportBadLink(const uptr *slot, uptr cls,
                                                                   bool locks_held);

// The next chunk after the one holding `slot`, in size class `cls`; never returns a link
// that fails the check. `locks_held`: the caller holds an allocator lock (the report
// then skips symbolization, see heap_errors.h).
LS_ALWAYS_INLINE uptr DecodeLink(const uptr *slot, uptr cls, bool locks_held = false) {
  uptr next = *slot ^ ((uptr)slot >> 12) ^ g_free_list_key;
  uptr bad = ((next - RegionBase(cls)) >> kRegionShift) | (next & 15);
  if (LS_UNLIKELY(bad != 0) && next != 0) ReportBadLink(slot, cls, locks_held);
  return next;
}

}  // namespace leakscope

// Guarded free-list links: what a thread cache stores inside a freed chunk.
//
// A thread cache links its free chunks through their first word, the word a
// use-after-free write hits first. Followed unchecked, one plausible pointer written
// there made malloc return that address (a global), and a garbage one faulted inside
// the allocator. So the word holds the link encoded, and every link is checked when its
// chunk is popped:
//
//   stored = next ^ key
//
// `key` is a per-process secret drawn at start-up (getrandom), so a value the program
// writes there (a use-after-free store of a pointer or of data) decodes to an address
// nobody chose. A decoded link is valid when it is 0 (the end of the list) or lies in
// the same 2^kRegionShift-aligned region (size class) as the chunk that held it: the test
// ((next ^ chunk) >> kRegionShift) is a few instructions on the allocation fast path, and
// 0 only reaches the slow path (the list's end is rare). A random value passes with
// probability about 2^-30; one that fails is reported as heap corruption and the process
// aborts (heap_errors.h). Central lists are linked through chunk metadata outside the
// heap and need no guard.
//
// Weaker than it could be, for speed (the target was 2 % on bench/workloads/micro.cpp;
// measured with callgrind, guard on against guard off: +1.8 % instructions at scale 10,
// +1.6 % at scale 20): glibc's safe-linking also mixes in the address of the stored
// word, and a check of 16-byte alignment would catch more; with both it was +3.3 %.
// The aim is to stop a stray write from turning into a wild allocation, not to resist
// an attacker who can read freed memory (one known link gives away the key).
#pragma once

#include "heap/allocator.h"
#include "heap/heap_errors.h"

namespace leakscope {

extern uptr g_free_list_key __attribute__((visibility("hidden")));

// Draws the key; before the first chunk is freed (InitAllocator).
void InitFreeListGuard();

LS_ALWAYS_INLINE uptr EncodeLink(const uptr *slot, uptr next) {
  return next ^ g_free_list_key;
}

[[noreturn]] LS_NOINLINE __attribute__((cold)) void ReportBadLink(const uptr *slot, uptr cls,
                                                                   bool locks_held);

// The next chunk after the one holding `slot`, in size class `cls`; never returns a link
// that fails the check. `locks_held`: the caller holds an allocator lock (the report
// then skips symbolization, see heap_errors.h).
LS_ALWAYS_INLINE uptr DecodeLink(const uptr *slot, uptr cls, bool locks_held = false) {
  uptr next = *slot ^ g_free_list_key;
  uptr bad = (next ^ (uptr)slot) >> kRegionShift;
  if (LS_UNLIKELY(bad != 0) && next != 0) ReportBadLink(slot, cls, locks_held);
  return next;
}

}  // namespace leakscope

// What the leak check may read: the readable mappings, from /proc/self/maps read at the
// start of each check with the world stopped (so no program thread changes them while
// the check reads; base/proc_maps.h).
//
// The program may have made memory unreadable that the check would otherwise read: a
// root region with a PROT_NONE page, a global or heap page it mprotect'ed, a module
// dlclose'd between the module list and the stop. Reading it would fault inside the
// check. Instead every root range is clipped to the readable mappings, and when part of
// the heap range is unreadable (rare: the program mprotect'ed heap pages), each heap
// range is clipped too before it is read. In the normal case the heap is one readable
// mapping and the marker's inner loop pays nothing. What is skipped is counted and said
// at verbosity=1.
#pragma once

#include "base/proc_maps.h"

namespace leakscope {

class ReadableMemory {
 public:
  // From the mappings; false when they could not be read (then everything counts as
  // readable, as before).
  bool Load(const InternalVector<MapEntry> &maps);
  bool loaded() const { return loaded_; }
  // Whether some page of the heap range is not readable.
  bool heap_has_holes() const { return heap_holes_; }
  // Calls fn(lo, hi) for each readable part of [lo, hi), in order; returns the bytes
  // that were not.
  template <typename Fn>
  uptr ForEachReadable(uptr lo, uptr hi, Fn fn) const;

 private:
  struct Range {
    uptr lo, hi;
  };
  InternalVector<Range> ranges_;  // readable, merged, in address order
  bool loaded_ = false;
  bool heap_holes_ = false;
};

template <typename Fn>
uptr ReadableMemory::ForEachReadable(uptr lo, uptr hi, Fn fn) const {
  if (!loaded_) {
    if (lo < hi) fn(lo, hi);
    return 0;
  }
  // The first range ending above lo.
  uptr a = 0, b = ranges_.size();
  while (a < b) {
    uptr mid = (a + b) / 2;
    if (ranges_[mid].hi <= lo) a = mid + 1;
    else b = mid;
  }
  uptr skipped = 0, at = lo;
  for (uptr i = a; i < ranges_.size() && ranges_[i].lo < hi && at < hi; i++) {
    uptr s = ranges_[i].lo > at ? ranges_[i].lo : at;
    uptr e = ranges_[i].hi < hi ? ranges_[i].hi : hi;
    skipped += s - at;
    fn(s, e);
    at = e;
  }
  if (at < hi) skipped += hi - at;
  return skipped;
}

}  // namespace leakscope

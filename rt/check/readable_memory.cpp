#include "check/readable_memory.h"

#include "heap/allocator.h"

namespace leakscope {

bool ReadableMemory::Load(const InternalVector<MapEntry> &maps) {
  ranges_.clear();
  heap_holes_ = false;
  loaded_ = false;
  if (maps.empty()) return false;
  for (uptr i = 0; i < maps.size(); i++) {
    const MapEntry &m = maps[i];
    if (!m.readable) continue;
    if (!ranges_.empty() && ranges_.back().hi == m.lo) ranges_.back().hi = m.hi;
    else ranges_.push_back({m.lo, m.hi});
  }
  loaded_ = true;
  // The heap range has holes unless one readable range covers all of it.
  uptr covered = 0;
  ForEachReadable(kHeapBase, kHeapBase + kHeapSize, [&](uptr lo, uptr hi) { covered += hi - lo; });
  heap_holes_ = covered != kHeapSize;
  return true;
}

}  // namespace leakscope

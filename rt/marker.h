// Marking: which allocated chunks are reachable from the roots, and of the rest, which
// are leaked directly and which only through other leaked chunks.
//
// A chunk is reachable when an aligned word in a root range or in a reachable chunk
// points into it (interior pointers count, as in LeakSanitizer). Indirect: pointed to by
// some unreachable chunk other than itself; direct: every other unreachable chunk. So a
// lost cycle is reported as indirect leaks, as LeakSanitizer does. Runs with the world
// stopped; allocates only internal memory.
#pragma once

#include "allocator.h"
#include "internal_alloc.h"

namespace leakscope {

class Marker {
 public:
  // Resets every chunk's tag: leaked, or ignored for ignored chunks (which are roots).
  void Reset();
  // Marks chunks pointed to from [lo, hi) as reachable and queues them.
  void ScanRoot(uptr lo, uptr hi);
  // Scans queued chunks until nothing new is reachable.
  void FloodFill();
  // Tags unreachable chunks pointed to by other unreachable chunks as indirect.
  void ClassifyUnreachable();

 private:
  void ScanRange(uptr lo, uptr hi, uptr self, u8 new_tag);
  InternalVector<uptr> frontier_;
};

}  // namespace leakscope

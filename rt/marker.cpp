#include "marker.h"

namespace leakscope {

void Marker::Reset() {
  frontier_.clear();
  unreachable_.clear();
  ForEachChunk([this](uptr begin, ChunkMeta *m) {
    m->tag = m->ignored ? kTagIgnored : kTagLeaked;
    if (m->ignored) frontier_.push_back({begin, begin + m->size});
  });
}

// The inner loop of the whole check: every word of every root and reachable chunk.
void Marker::ScanRange(uptr lo, uptr hi, uptr self, u8 new_tag) {
  lo = RoundUp(lo, sizeof(uptr));
  for (uptr a = lo; a + sizeof(uptr) <= hi; a += sizeof(uptr)) {
    uptr w = *(uptr *)a;
    if (LS_LIKELY(!InHeap(w))) continue;
    uptr begin;
    ChunkMeta *m = LookupChunk(w, &begin);
    if (!m || m->state != kChunkAllocated || m->tag != kTagLeaked || begin == self) continue;
    uptr size = m->size;
    if (w - begin >= (size ? size : 1)) continue;  // past the requested size
    m->tag = new_tag;
    if (new_tag == kTagReachable) frontier_.push_back({begin, begin + size});
  }
}

// Roots are scanned like reachable chunks: in blocks, depth first (see FloodFill).
void Marker::ScanRoot(uptr lo, uptr hi) {
  if (lo >= hi) return;
  frontier_.push_back({lo, hi});
  FloodFill();
}

// Depth first, and a range longer than kBlock is scanned a block at a time with its
// remainder pushed back first: children found in a block are scanned before the next
// block. So the frontier stays small (cache-resident) and a chunk's memory is read soon
// after its metadata, even when one array holds millions of pointers.
void Marker::FloodFill() {
  constexpr uptr kBlock = 4096;
  while (!frontier_.empty()) {
    Range r = frontier_.back();
    frontier_.pop_back();
    r.begin = RoundUp(r.begin, sizeof(uptr));  // block boundaries stay word-aligned
    if (r.end > r.begin + kBlock) {
      frontier_.push_back({r.begin + kBlock, r.end});
      r.end = r.begin + kBlock;
    }
    ScanRange(r.begin, r.end, 0, kTagReachable);
  }
}

void Marker::ClassifyUnreachable() {
  ForEachChunk([this](uptr begin, ChunkMeta *m) {
    if (m->tag == kTagReachable || m->tag == kTagIgnored) return;
    unreachable_.push_back({begin, m});
    ScanRange(begin, begin + m->size, begin, kTagIndirect);
  });
}

}  // namespace leakscope

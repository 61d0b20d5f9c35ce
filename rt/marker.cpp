#include "marker.h"

namespace leakscope {

void Marker::Reset() {
  frontier_.clear();
  ForEachChunk(
      [](uptr begin, ChunkMeta *m, void *arg) {
        Marker *self = (Marker *)arg;
        m->tag = m->ignored ? kTagIgnored : kTagLeaked;
        if (m->ignored) self->frontier_.push_back(begin);
      },
      this);
}

void Marker::ScanRange(uptr lo, uptr hi, uptr self, u8 new_tag) {
  lo = RoundUp(lo, sizeof(uptr));
  for (uptr a = lo; a + sizeof(uptr) <= hi; a += sizeof(uptr)) {
    uptr w = *(uptr *)a;
    if (!InHeap(w)) continue;
    uptr begin;
    ChunkMeta *m = FindChunk(w, &begin);
    if (!m || begin == self || m->tag != kTagLeaked) continue;
    m->tag = new_tag;
    if (new_tag == kTagReachable) frontier_.push_back(begin);
  }
}

void Marker::ScanRoot(uptr lo, uptr hi) { ScanRange(lo, hi, 0, kTagReachable); }

void Marker::FloodFill() {
  while (!frontier_.empty()) {
    uptr begin = frontier_.back();
    frontier_.pop_back();
    ChunkMeta *m = ChunkAt(begin);
    if (m) ScanRange(begin, begin + m->size, 0, kTagReachable);
  }
}

void Marker::ClassifyUnreachable() {
  ForEachChunk(
      [](uptr begin, ChunkMeta *m, void *arg) {
        if (m->tag == kTagReachable || m->tag == kTagIgnored) return;
        ((Marker *)arg)->ScanRange(begin, begin + m->size, begin, kTagIndirect);
      },
      this);
}

}  // namespace leakscope

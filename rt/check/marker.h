// Marking: which allocated chunks are reachable from the roots, and of the rest, which
// are leaked directly and which only through other leaked chunks.
//
// A chunk is reachable when an aligned word in a root range or in a reachable chunk
// points into it (interior pointers count, as in LeakSanitizer). Indirect: pointed to by
// some unreachable chunk other than itself; direct: every other unreachable chunk. So a
// lost cycle is reported as indirect leaks, as LeakSanitizer does. Runs with the world
// stopped; allocates only internal memory.
//
// Cost: two passes over the chunk metadata (Reset, ClassifyUnreachable) plus one scan of
// every reachable chunk's memory; unreachable chunks are collected in a list so that
// reporting touches only them.
#pragma once

#include "base/internal_alloc.h"
#include "check/readable_memory.h"
#include "heap/allocator.h"

namespace leakscope {

struct UnreachableChunk {
  uptr begin;
  ChunkMeta *meta;
};

class Marker {
 public:
  // Resets every chunk's tag: leaked, or ignored for ignored chunks (which are roots).
  void Reset();
  // What may be read during this check (readable_memory.h); set before any scan. Null:
  // everything.
  void SetReadable(const ReadableMemory *r) {
    readable_ = r;
    heap_holes_ = r && r->heap_has_holes();
  }
  // Bytes of root and heap ranges skipped as unreadable, and how many ranges.
  uptr skipped_bytes() const { return skipped_bytes_; }
  uptr skipped_ranges() const { return skipped_ranges_; }
  // Marks chunks pointed to from [lo, hi) as reachable and queues them.
  void ScanRoot(uptr lo, uptr hi);
  // Scans queued chunks until nothing new is reachable, with mark_threads markers.
  void FloodFill();
  // Tags unreachable chunks pointed to by other unreachable chunks as indirect, and
  // lists every unreachable chunk.
  void ClassifyUnreachable();
  const InternalVector<UnreachableChunk> &unreachable() const { return unreachable_; }
  // While `record` is set, every chunk newly marked reachable is appended to it (and the
  // flood fill runs on one marker): the thread-leak pass measures what a root set adds.
  void RecordNewlyMarked(InternalVector<UnreachableChunk> *record) { record_ = record; }
  // With RecordLinks(true) before ClassifyUnreachable: which unreachable chunk points to
  // which, as indices into unreachable() (for suppressed_holdings.h).
  struct Link {
    u32 from, to;
  };
  void RecordLinks(bool on) { record_links_ = on; }
  const InternalVector<Link> &links() const { return links_; }

  // Chunks found reachable but not scanned yet, as [begin, end), so scanning needs no
  // second lookup.
  struct Range {
    uptr begin, end;
  };
  // One marker's loop in the parallel flood fill (marker.cpp).
  void RunMarker(void *shared_work);

  // When set, ScanRoot hands each root range to the hook (at once: a stack range is
  // valid only during the call) instead of marking: the heap graph's capture
  // (check/heap_graph.h) enumerates the same roots the check scans.
  void (*root_hook)(void *ctx, uptr lo, uptr hi) = nullptr;
  void *root_hook_ctx = nullptr;

 private:
  void ScanRange(uptr lo, uptr hi, uptr self, u8 new_tag, InternalVector<Range> *out);
  void ScanWords(uptr lo, uptr hi, uptr self, u8 new_tag, InternalVector<Range> *out);
  template <uptr kStep>
  void ScanWordsAt(uptr lo, uptr hi, uptr self, u8 new_tag, InternalVector<Range> *out);
  bool IsArrayZeroCookie(uptr w, uptr begin, uptr size, const ChunkMeta *m);
  void CountSkipped(uptr bytes);
  void ScanLinks(uptr lo, uptr hi, uptr self, u32 from);
  void ResolveLinks();
  bool record_links_ = false;
  InternalVector<Link> links_;  // `to` holds the target's begin until ResolveLinks
  InternalVector<uptr> link_targets_;
  void DrainSerial(InternalVector<Range> *stack);
  // Every thread of the process is stopped (WorldIsExclusive): tags are set without a
  // locked instruction. Else a thread may allocate and free while we mark: atomic OR.
  bool exclusive_ = false;
  InternalVector<Range> frontier_;
  InternalVector<UnreachableChunk> unreachable_;
  InternalVector<UnreachableChunk> *record_ = nullptr;
  const ReadableMemory *readable_ = nullptr;
  bool heap_holes_ = false;
  uptr skipped_bytes_ = 0, skipped_ranges_ = 0;  // atomic: markers run in parallel
};

}  // namespace leakscope

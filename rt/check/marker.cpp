#include "check/marker.h"

#include "base/locks.h"
#include "base/report_io.h"
#include "options.h"
#include "world/helper_threads.h"
#include "world/stop_the_world.h"

namespace leakscope {

// Ranges longer than this are scanned a block at a time (see FloodFill).
static constexpr uptr kBlock = 4096;
// Roots are scanned at once (a thread's stack changes as soon as the scan returns), and
// the chunks they reach are queued for the flood fill; past this many queued chunks the
// root phase drains the queue itself to bound its memory.
static constexpr uptr kMaxDeferred = 1 << 20;

void Marker::Reset() {
  exclusive_ = WorldIsExclusive();
  skipped_bytes_ = skipped_ranges_ = 0;
  frontier_.clear();
  unreachable_.clear();
  bool exclusive = exclusive_;
  ForEachChunk([this, exclusive](uptr begin, ChunkMeta *m) {
    bool ignored = MetaIgnored(m);
    if (LS_LIKELY(exclusive)) ResetTagExclusive(m, ignored ? kTagIgnored : kTagLeaked);
    else ResetTag(m, ignored ? kTagIgnored : kTagLeaked);
    if (LS_UNLIKELY(ignored)) frontier_.push_back({begin, begin + ChunkSize(begin, m)});
  });
}

// `new T[0]` for a T with a destructor returns the end of an 8-byte chunk holding the
// array cookie, the element count 0: the program's only pointer points past the chunk.
// LeakSanitizer counts that pointer; so does LeakScope, as narrowly: an 8-byte chunk
// from operator new[] whose cookie is 0, pointed to exactly at its end.
bool Marker::IsArrayZeroCookie(uptr w, uptr begin, uptr size, const ChunkMeta *m) {
  if (size != sizeof(uptr) || w != begin + size) return false;
  if (LS_UNLIKELY(heap_holes_) &&
      readable_->ForEachReadable(begin, begin + size, [](uptr, uptr) {}) != 0)
    return false;
  if (*(const uptr *)begin != 0) return false;
  StackEntry *stack = DepotGet(MetaStackId(m));
  return stack && stack->size && IsArrayNewEntry(stack->Frame(0));
}

// The inner loop of the whole check: every word of every root and reachable chunk.
// With several markers a chunk may be claimed by two of them at once; it is then
// scanned twice, which is harmless (tags only move from leaked to reachable).
// kStep is 8 (aligned words), or 1 with use_unaligned=1: a pointer stored at any byte
// offset counts, as in LeakSanitizer.
template <uptr kStep>
LS_ALWAYS_INLINE void Marker::ScanWordsAt(uptr lo, uptr hi, uptr self, u8 new_tag,
                                          InternalVector<Range> *out) {
  lo = RoundUp(lo, kStep);
  bool exclusive = exclusive_;
  for (uptr a = lo; a + sizeof(uptr) <= hi; a += kStep) {
    uptr w;
    __builtin_memcpy(&w, (const void *)a, sizeof(w));
    if (LS_LIKELY(!InHeap(w))) continue;
    uptr begin;
    ChunkMeta *m = LookupChunk(w, &begin);
    if (!m) continue;
    // One atomic read of state and tag: a thread the check could not stop may write them.
    u16 h1 = MetaStateTagHalf(m);
    if ((h1 >> kMetaStateShift) != kChunkAllocated || begin == self) continue;  // tag: leaked
    uptr size = ChunkSize(begin, m);
    if (w - begin >= (size ? size : 1) && !IsArrayZeroCookie(w, begin, size, m))
      continue;  // past the requested size
    if (LS_LIKELY(exclusive)) MarkTagExclusive(m, h1, new_tag);
    else MarkTag(m, new_tag);
    if (new_tag == kTagReachable) {
      out->push_back({begin, begin + size});
      if (LS_UNLIKELY(record_)) record_->push_back({begin, m});
    }
  }
}

void Marker::ScanWords(uptr lo, uptr hi, uptr self, u8 new_tag, InternalVector<Range> *out) {
  if (LS_UNLIKELY(g_options.use_unaligned)) return ScanWordsAt<1>(lo, hi, self, new_tag, out);
  ScanWordsAt<sizeof(uptr)>(lo, hi, self, new_tag, out);
}

// Where a range is cut into blocks, the first block reads this far past the cut, so
// that an unaligned word across it is read once (its first byte is in the first block).
static uptr BlockOverlap() { return g_options.use_unaligned ? sizeof(uptr) - 1 : 0; }

void Marker::CountSkipped(uptr bytes) {
  if (!bytes) return;
  __atomic_fetch_add(&skipped_bytes_, bytes, __ATOMIC_RELAXED);
  __atomic_fetch_add(&skipped_ranges_, 1, __ATOMIC_RELAXED);
}

// A heap range is read only where readable when the program made part of the heap
// unreadable (readable_memory.h); otherwise this is one predictable branch per block.
void Marker::ScanRange(uptr lo, uptr hi, uptr self, u8 new_tag, InternalVector<Range> *out) {
  if (LS_LIKELY(!heap_holes_)) return ScanWords(lo, hi, self, new_tag, out);
  CountSkipped(readable_->ForEachReadable(
      lo, hi, [&](uptr a, uptr b) { ScanWords(a, b, self, new_tag, out); }));
}

void Marker::ScanRoot(uptr lo, uptr hi) {
  auto scan = [this](uptr lo, uptr hi) {
    if (root_hook) return root_hook(root_hook_ctx, lo, hi);  // heap graph capture
    for (uptr b = lo; b < hi; b += kBlock) {
      uptr end = b + kBlock + BlockOverlap();
      ScanWords(b, end < hi ? end : hi, 0, kTagReachable, &frontier_);
      if (frontier_.size() > kMaxDeferred) DrainSerial(&frontier_);
    }
  };
  if (!readable_) return scan(lo, hi);
  CountSkipped(readable_->ForEachReadable(lo, hi, scan));
}

// Depth first, and a range longer than kBlock is scanned a block at a time with its
// remainder pushed back first: children found in a block are scanned before the next
// block. So the stack stays small (cache-resident) and a chunk's memory is read soon
// after its metadata, even when one array holds millions of pointers.
LS_ALWAYS_INLINE static bool PopBlock(InternalVector<Marker::Range> *stack, Marker::Range *r) {
  if (stack->empty()) return false;
  *r = stack->back();
  stack->pop_back();
  r->begin = RoundUp(r->begin, sizeof(uptr));  // block boundaries stay word-aligned
  if (r->end > r->begin + kBlock) {
    stack->push_back({r->begin + kBlock, r->end});
    uptr end = r->begin + kBlock + BlockOverlap();
    r->end = end < r->end ? end : r->end;
  }
  return true;
}

void Marker::DrainSerial(InternalVector<Range> *stack) {
  Range r;
  while (PopBlock(stack, &r)) ScanRange(r.begin, r.end, 0, kTagReachable, stack);
}

// ---- Parallel flood fill ------------------------------------------------------------
// Markers share work through one pool: a marker whose own stack grows donates its
// oldest entries (the remainders of big ranges) while the pool is short; a marker that
// runs dry takes a batch. The fill ends when every marker is idle and the pool is empty.
//
// The helper markers are raw clone() threads (world/helper_threads.h).
namespace {
struct SharedWork {
  SpinLock lock{LockRank::kLocal};  // on the checking thread's stack (base/locks.h)
  InternalVector<Marker::Range> pool;
  uptr pool_size;  // pool.size(), readable without the lock
  u32 workers;
  u32 idle;
  bool done;
};

struct HelperMarker {
  Marker *marker;
  SharedWork *shared;
  HelperThread thread;
};
constexpr int kMaxMarkers = 8;
}  // namespace

static bool TakeWork(SharedWork *s, InternalVector<Marker::Range> *local) {
  s->lock.Lock();
  s->idle++;
  while (true) {
    if (!s->pool.empty()) {
      for (int i = 0; i < 32 && !s->pool.empty(); i++) {
        local->push_back(s->pool.back());
        s->pool.pop_back();
      }
      __atomic_store_n(&s->pool_size, s->pool.size(), __ATOMIC_RELAXED);
      s->idle--;
      s->lock.Unlock();
      return true;
    }
    if (s->idle == s->workers) s->done = true;
    if (s->done) {
      s->lock.Unlock();
      return false;
    }
    s->lock.Unlock();
    for (int i = 0; i < 64; i++) __builtin_ia32_pause();
    s->lock.Lock();
  }
}

static void Donate(SharedWork *s, InternalVector<Marker::Range> *local) {
  uptr half = local->size() / 2;
  s->lock.Lock();
  for (uptr i = 0; i < half; i++) s->pool.push_back((*local)[i]);
  __atomic_store_n(&s->pool_size, s->pool.size(), __ATOMIC_RELAXED);
  s->lock.Unlock();
  for (uptr i = half; i < local->size(); i++) (*local)[i - half] = (*local)[i];
  local->resize(local->size() - half);
}

void Marker::RunMarker(void *shared_work) {
  SharedWork *s = (SharedWork *)shared_work;
  InternalVector<Range> local;
  while (true) {
    if (local.empty() && !TakeWork(s, &local)) return;
    Range r = local.back();
    local.pop_back();
    r.begin = RoundUp(r.begin, sizeof(uptr));
    if (r.end > r.begin + kBlock) {
      // The remainder of a big range goes to the pool while it is short: markers then
      // work on separate stretches of memory (and separate metadata cache lines).
      Range rest = {r.begin + kBlock, r.end};
      uptr end = r.begin + kBlock + BlockOverlap();
      r.end = end < r.end ? end : r.end;
      if (__atomic_load_n(&s->pool_size, __ATOMIC_RELAXED) < s->workers) {
        s->lock.Lock();
        s->pool.push_back(rest);
        __atomic_store_n(&s->pool_size, s->pool.size(), __ATOMIC_RELAXED);
        s->lock.Unlock();
      } else {
        local.push_back(rest);
      }
    }
    ScanRange(r.begin, r.end, 0, kTagReachable, &local);
    // Many small chunks (a big linked structure): share them when someone starves.
    if (local.size() >= 4096 && __atomic_load_n(&s->pool_size, __ATOMIC_RELAXED) == 0)
      Donate(s, &local);
  }
}

static int HelperMarkerMain(void *arg) {
  HelperMarker *h = (HelperMarker *)arg;
  h->marker->RunMarker(h->shared);
  return 0;
}

static int MarkerCount() {
  int n = WorkerCount();
  return n > kMaxMarkers ? kMaxMarkers : n;
}

void Marker::FloodFill() {
  int n = MarkerCount();
  if (n <= 1 || frontier_.size() < 2 || record_) return DrainSerial(&frontier_);
  SharedWork s;
  s.workers = 1;
  s.idle = 0;
  s.done = false;
  for (Range &r : frontier_) s.pool.push_back(r);
  s.pool_size = s.pool.size();
  frontier_.clear();
  HelperMarker helpers[kMaxMarkers];
  int started = 0;
  for (int i = 0; i < n - 1; i++) {
    HelperMarker &h = helpers[started];
    h.marker = this;
    h.shared = &s;
    s.lock.Lock();
    s.workers++;
    s.lock.Unlock();
    if (!StartHelperThread(&h.thread, HelperMarkerMain, &h)) {
      s.lock.Lock();
      s.workers--;
      s.lock.Unlock();
      break;
    }
    started++;
  }
  RunMarker(&s);
  for (int i = 0; i < started; i++) JoinHelperThread(&helpers[i].thread);
}

void Marker::ClassifyUnreachable() {
  links_.clear();
  link_targets_.clear();
  ForEachChunk([this](uptr begin, ChunkMeta *m) {
    u32 tag = MetaTag(m);
    if (tag == kTagReachable || tag == kTagIgnored) return;
    unreachable_.push_back({begin, m});
    uptr end = begin + ChunkSize(begin, m);
    ScanRange(begin, end, begin, kTagIndirect, &frontier_);
    if (!record_links_) return;
    u32 from = (u32)unreachable_.size() - 1;
    if (LS_LIKELY(!heap_holes_)) return ScanLinks(begin, end, begin, from);
    readable_->ForEachReadable(begin, end, [&](uptr a, uptr b) { ScanLinks(a, b, begin, from); });
  });
  if (record_links_) ResolveLinks();
}

// Every pointer from one unreachable chunk to another (leaked or indirect), itself
// excluded; the target is found later, when the list of unreachable chunks is complete.
void Marker::ScanLinks(uptr lo, uptr hi, uptr self, u32 from) {
  for (uptr a = RoundUp(lo, sizeof(uptr)); a + sizeof(uptr) <= hi; a += sizeof(uptr)) {
    uptr w = *(uptr *)a;
    if (LS_LIKELY(!InHeap(w))) continue;
    uptr begin;
    ChunkMeta *m = LookupChunk(w, &begin);
    if (!m || begin == self) continue;
    ChunkMeta v = LoadMeta(m);  // atomic halves (heap/allocator.h: concurrent access)
    if (v.state != kChunkAllocated || (v.tag != kTagLeaked && v.tag != kTagIndirect)) continue;
    uptr size = ChunkSize(begin, m);
    if (w - begin >= (size ? size : 1) && !IsArrayZeroCookie(w, begin, size, m)) continue;
    links_.push_back({from, 0});
    link_targets_.push_back(begin);
  }
}

// unreachable_ is in address order (ForEachChunk walks the regions upwards): a binary
// search turns each target's begin into its index.
void Marker::ResolveLinks() {
  for (uptr i = 0; i < links_.size(); i++) {
    uptr target = link_targets_[i], a = 0, b = unreachable_.size();
    while (a < b) {
      uptr mid = (a + b) / 2;
      if (unreachable_[mid].begin < target) a = mid + 1;
      else b = mid;
    }
    links_[i].to = (u32)a;  // found: every target is unreachable
  }
  link_targets_.Reset();
}

}  // namespace leakscope

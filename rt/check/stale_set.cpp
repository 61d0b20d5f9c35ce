// Collecting stale blocks (see stale_set.h).
#include "check/stale_set.h"

#include <string.h>

#include "base/sort.h"
#include "check/leak_check.h"
#include "check/leak_set.h"
#include "heap/allocator.h"
#include "heap/epoch_clock.h"
#include "heap/shadow_sweep.h"
#include "stacks/stack_depot.h"
#include "world/stop_the_world.h"

namespace leakscope {

namespace {
struct CollectArgs {
  StaleSet *out;
  bool by_age_range;
  bool use_tags;  // after a mark: skip leaked chunks
  u32 now_epoch;
  u64 now_ns;
  // The oldest epoch from which on every epoch is too young to be stale (now_epoch + 1
  // when there is none): a chunk accessed in it or later is skipped as soon as its
  // shadow shows that, without its age, its stack or its record.
  u32 first_fresh;
  void (*pace)();
};

// Every kPaceChunks chunks a snapshot's walk lets its pacing callback run (snapshot.cpp):
// at a million chunks the walk takes milliseconds, and on a single CPU a program thread
// would wait that long.
constexpr uptr kPaceChunks = 4096;
}  // namespace

static u32 AgeRange(u64 age_ns) {
  u64 s = age_ns / 1000000000ull;
  u32 r = 0;
  while (r + 1 < kNumStaleAgeRanges && s >= kStaleAgeRanges[r + 1]) r++;
  return r;
}

static u64 Key(u32 stack, u32 range) { return ((u64)stack << 8) | range; }

static StaleRecord *Find(CollectArgs *a, u32 stack, u32 range) {
  InternalVector<StaleRecord> &recs = a->out->records;
  InternalVector<u32> &slots = a->out->index;
  if ((recs.size() + 1) * 2 > slots.size()) {  // grow the index
    uptr n = slots.size() ? slots.size() * 2 : 1024;
    slots.clear();
    slots.resize(n);
    for (uptr k = 0; k < recs.size(); k++) {
      uptr j = (Key(recs[k].stack_id, recs[k].age_range) * 0x9E3779B97F4A7C15ULL >> 17) & (n - 1);
      while (slots[j]) j = (j + 1) & (n - 1);
      slots[j] = (u32)k + 1;
    }
  }
  uptr mask = slots.size() - 1;
  u64 key = Key(stack, range);
  uptr i = (key * 0x9E3779B97F4A7C15ULL >> 17) & mask;
  for (; slots[i]; i = (i + 1) & mask) {
    StaleRecord *r = &recs[slots[i] - 1];
    if (Key(r->stack_id, r->age_range) == key) return r;
  }
  recs.push_back({stack, range, 0, 0, ~0ull, 0, 0, 0});
  slots[i] = (u32)recs.size();
  return &recs.back();
}

// Binary search for CollectArgs::first_fresh. Only over the epochs whose start times are
// exact (epoch_clock.h: the last kExactEpochs, less the clock's margin), where the end
// time grows with the epoch; an older epoch is judged chunk by chunk, as before, so the
// answer is the same as without the search.
static u32 FirstFreshEpoch(u32 now_epoch, u64 now_ns, u64 min_age_ns) {
  if (!min_age_ns) return now_epoch + 1;  // every block is stale
  auto fresh = [&](u32 e) { return now_ns - EpochEndNs(e, now_ns) < min_age_ns; };
  u32 span = kExactEpochs - 128;
  u32 lo = now_epoch > span ? now_epoch - span : 0, hi = now_epoch + 1;
  if (!fresh(now_epoch)) return hi;
  // fresh(hi - 1) holds; find the first fresh epoch in [lo, hi).
  while (lo < hi) {
    u32 mid = lo + (hi - lo) / 2;
    if (fresh(mid))
      hi = mid;
    else
      lo = mid + 1;
  }
  return lo;
}

static void CollectStoppedCb(void *arg) {
  CollectArgs *a = (CollectArgs *)arg;
  StaleSet *out = a->out;
  uptr walked = 0;
  ForEachChunk([&](uptr begin, ChunkMeta *m) {
    if (a->pace && ++walked % kPaceChunks == 0) a->pace();
    if (m->ignored) return;
    if (a->use_tags && (m->tag == kTagLeaked || m->tag == kTagIndirect)) return;
    uptr size = ChunkSize(begin, m);
    u32 last = ChunkLastAccessEpoch(begin, size, a->now_epoch, a->first_fresh);
    if (last >= a->first_fresh) return;
    u64 end = EpochEndNs(last, a->now_ns);
    u64 age = a->now_ns > end ? a->now_ns - end : 0;
    if (age < out->min_age_ns) return;
    StackEntry *e = DepotGet(m->stack_id);
    u64 bytes = size ? size : 1;
    if (!e || !e->site) {
      out->skipped_bytes += bytes;
      out->skipped_objects++;
      return;
    }
    StaleRecord *r = Find(a, m->stack_id, a->by_age_range ? AgeRange(age) : 0);
    r->bytes += bytes;
    r->objects++;
    if (age < r->min_age_ns) r->min_age_ns = age;
    if (age > r->max_age_ns) r->max_age_ns = age;
    if (!r->sample || bytes > r->sample_size) {
      r->sample = begin;
      r->sample_size = bytes;
    }
  });
}

void CollectStaleNow(StaleSet *out, u32 min_age_s, bool by_age_range, StaleMark mark,
                     void (*pace)()) {
  out->records.clear();
  if (out->index.size()) memset(out->index.begin(), 0, out->index.size() * sizeof(u32));
  out->min_age_ns = (u64)min_age_s * 1000000000ull;
  out->skipped_bytes = out->skipped_objects = 0;
  CollectArgs a;
  a.out = out;
  a.by_age_range = by_age_range;
  a.use_tags = mark != StaleMark::kNoMark;
  ScopedLeakCheckLock l;
  if (mark == StaleMark::kMark) {
    LeakSet leaks;  // only the tags matter: leaked blocks are not stale
    CollectLeaksLocked(&leaks);
  }
  // Read after marking: a block accessed during the mark is no older than this.
  a.now_epoch = CurrentEpoch();
  a.now_ns = MonotonicNowNs();
  a.first_fresh = FirstFreshEpoch(a.now_epoch, a.now_ns, out->min_age_ns);
  a.pace = mark == StaleMark::kMark ? nullptr : pace;  // never with the world stopped
  // Epoch 0 itself too young: the process has not lived stale_after_s yet, so no block
  // can be stale and the walk would only read every chunk's metadata and shadow.
  if (a.first_fresh == 0) return;
  if (mark == StaleMark::kMark) {
    RunWithWorldStopped(CollectStoppedCb, &a);
    return;
  }
  // Snapshots do not stop the world (see stale_set.h): stopping threads interrupts their
  // sleeps and blocking calls (EINTR), which a periodic snapshot must not do.
  CollectStoppedCb(&a);
}

static bool Before(const StaleRecord &a, const StaleRecord &b) {
  if (a.bytes != b.bytes) return a.bytes > b.bytes;
  if (a.stack_id != b.stack_id) return a.stack_id < b.stack_id;
  return a.age_range < b.age_range;
}

void SortStale(StaleSet *set) { HeapSort(set->records.begin(), set->records.size(), Before); }

StaleTotals SumStale(const StaleSet *set) {
  StaleTotals t = {};
  for (uptr i = 0; i < set->records.size(); i++) {
    t.bytes += set->records[i].bytes;
    t.objects += set->records[i].objects;
    t.records++;
  }
  return t;
}

}  // namespace leakscope

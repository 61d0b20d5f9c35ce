#include "check/leak_set.h"

#include "base/sort.h"
#include "heap/allocator.h"
#include "options.h"

namespace leakscope {

namespace {
struct CollectState {
  LeakSet *leaks;
  bool with_chunks;
  InternalVector<u32> slots;  // open addressing: record index + 1, keyed by (stack, kind)
};
}  // namespace

static u64 RecordKey(u32 stack, bool indirect) { return ((u64)stack << 1) | indirect; }

static void Collect(uptr begin, ChunkMeta *meta, CollectState *s) {
  ChunkMeta v = LoadMeta(meta);  // one atomic read (heap/allocator.h: concurrent access)
  const ChunkMeta *m = &v;
  if (m->tag != kTagLeaked && m->tag != kTagIndirect) return;
  bool indirect = m->tag == kTagIndirect;
  u64 key = RecordKey(m->stack_id, indirect);
  uptr mask = s->slots.size() - 1;
  uptr i = (key * 0x9E3779B97F4A7C15ULL >> 17) & mask;
  LeakRecord *r = nullptr;
  while (s->slots[i]) {
    LeakRecord *c = &s->leaks->records[s->slots[i] - 1];
    if (RecordKey(c->stack_id, c->indirect) == key) {
      r = c;
      break;
    }
    i = (i + 1) & mask;
  }
  u32 index;
  if (!r) {
    if (s->leaks->records.size() * 2 >= s->slots.size()) {
      // Grow the index and start over for this chunk.
      InternalVector<u32> bigger;
      bigger.resize(s->slots.size() * 2);
      uptr m2 = bigger.size() - 1;
      for (uptr k = 0; k < s->leaks->records.size(); k++) {
        LeakRecord &c = s->leaks->records[k];
        uptr j = (RecordKey(c.stack_id, c.indirect) * 0x9E3779B97F4A7C15ULL >> 17) & m2;
        while (bigger[j]) j = (j + 1) & m2;
        bigger[j] = (u32)k + 1;
      }
      s->slots.resize(bigger.size());
      for (uptr k = 0; k < bigger.size(); k++) s->slots[k] = bigger[k];
      Collect(begin, meta, s);
      return;
    }
    s->leaks->records.push_back({m->stack_id, indirect, false, false, 0, 0, 0});
    index = (u32)s->leaks->records.size() - 1;
    s->slots[i] = index + 1;
    r = &s->leaks->records[index];
  } else {
    index = (u32)(r - s->leaks->records.begin());
  }
  uptr size = ChunkSize(begin, m);
  r->bytes += size ? size : 1;  // a leaked malloc(0) counts one byte
  r->objects++;
  if (s->with_chunks) s->leaks->chunks.push_back({index, size ? size : 1});
  if (g_options.report_objects) s->leaks->objects.push_back({begin, size, index});
}

void CollectLeaks(const InternalVector<UnreachableChunk> &chunks, LeakSet *leaks,
                  const InternalVector<Marker::Link> *links) {
  CollectState s;
  s.leaks = leaks;
  s.with_chunks = links != nullptr;
  s.slots.resize(1024);
  for (uptr i = 0; i < chunks.size(); i++) Collect(chunks[i].begin, chunks[i].meta, &s);
  if (!links) return;
  // Every unreachable chunk is leaked or indirect, so chunks[i] is unreachable[i].
  for (uptr i = 0; i < links->size(); i++) leaks->links.push_back({(*links)[i].from, (*links)[i].to});
}

static bool Before(const LeakRecord &a, const LeakRecord &b) {
  if (a.indirect != b.indirect) return !a.indirect;
  if (a.bytes != b.bytes) return a.bytes > b.bytes;
  return a.stack_id < b.stack_id;
}

void SortLeaks(LeakSet *leaks) {
  InternalVector<LeakRecord> &r = leaks->records;
  InternalVector<u32> remap;
  remap.resize(r.size());
  InternalVector<u32> order;
  for (uptr i = 0; i < r.size(); i++) order.push_back((u32)i);
  // Sorted as indices: records are big, and the objects are remapped after.
  HeapSort(order.begin(), order.size(), [&](u32 a, u32 b) { return Before(r[a], r[b]); });
  InternalVector<LeakRecord> sorted;
  for (uptr i = 0; i < order.size(); i++) {
    sorted.push_back(r[order[i]]);
    remap[order[i]] = (u32)i;
  }
  for (uptr i = 0; i < r.size(); i++) r[i] = sorted[i];
  if (leaks->objects.empty()) return;
  // Group the objects by record (a counting sort), so that record i's objects are
  // objects[first_object, first_object + objects): reports list them in O(objects).
  InternalVector<LeakedObject> grouped;
  grouped.resize(leaks->objects.size());
  u32 next = 0;
  for (LeakRecord &rec : r) {
    rec.first_object = next;
    next += (u32)rec.objects;
  }
  InternalVector<u32> fill;
  fill.resize(r.size());
  for (LeakedObject &o : leaks->objects) {
    u32 rec = remap[o.record];
    grouped[r[rec].first_object + fill[rec]++] = {o.addr, o.size, rec};
  }
  for (uptr i = 0; i < grouped.size(); i++) leaks->objects[i] = grouped[i];
}

LeakTotals SumLeaks(LeakSet *leaks) {
  LeakTotals t = {};
  for (LeakRecord &r : leaks->records) {
    if (r.unchanged) continue;
    if (r.suppressed) {
      t.suppressed_bytes += r.bytes;
      t.suppressed_objects += r.objects;
      continue;
    }
    t.bytes += r.bytes;
    t.objects += r.objects;
    t.records++;
  }
  return t;
}

}  // namespace leakscope

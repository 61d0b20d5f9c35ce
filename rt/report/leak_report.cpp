#include "report/leak_report.h"

#include <unistd.h>

#include "heap/allocator.h"
#include "options.h"
#include "base/report_io.h"
#include "check/suppressions.h"
#include "stacks/symbolizer.h"

namespace leakscope {

namespace {
struct CollectState {
  LeakSet *leaks;
  InternalVector<u32> slots;  // open addressing: record index + 1, keyed by (stack, kind)
};
}  // namespace

static u64 RecordKey(u32 stack, bool indirect) { return ((u64)stack << 1) | indirect; }

static void Collect(uptr begin, ChunkMeta *m, CollectState *s) {
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
      Collect(begin, m, s);
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
  if (g_options.report_objects) s->leaks->objects.push_back({begin, size, index});
}

void CollectLeaks(const InternalVector<UnreachableChunk> &chunks, LeakSet *leaks) {
  CollectState s;
  s.leaks = leaks;
  s.slots.resize(1024);
  for (uptr i = 0; i < chunks.size(); i++) Collect(chunks[i].begin, chunks[i].meta, &s);
}

static bool Before(const LeakRecord &a, const LeakRecord &b) {
  if (a.indirect != b.indirect) return !a.indirect;
  if (a.bytes != b.bytes) return a.bytes > b.bytes;
  return a.stack_id < b.stack_id;
}

void SortLeaks(LeakSet *leaks) {
  // Records are few (one per stack); an insertion sort keeps this free of libstdc++.
  InternalVector<LeakRecord> &r = leaks->records;
  InternalVector<u32> remap;
  remap.resize(r.size());
  InternalVector<u32> order;
  for (uptr i = 0; i < r.size(); i++) order.push_back((u32)i);
  // Shell sort on indices: O(n^1.3), fine for hundreds of thousands of records.
  for (uptr gap = order.size() / 2; gap > 0; gap /= 2) {
    for (uptr i = gap; i < order.size(); i++) {
      u32 t = order[i];
      uptr j = i;
      while (j >= gap && Before(r[t], r[order[j - gap]])) {
        order[j] = order[j - gap];
        j -= gap;
      }
      order[j] = t;
    }
  }
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

u32 SymbolizeStackFrame(StackEntry *e, u32 k, uptr *pc_out, SymbolizedFrame *frames, u32 max) {
  uptr pc = k == 0 ? e->frames[0] : e->frames[k] - 1;
  *pc_out = pc;
  u32 n = Symbolize(pc, frames, max);
  // The allocation call: fall back to what the pass recorded at compile time.
  if (k == 1 && e->site && !*frames[n - 1].file && *e->site->file) {
    frames[n - 1].file = e->site->file;
    frames[n - 1].line = e->site->line;
    frames[n - 1].column = e->site->column;
    if (!*frames[n - 1].function) frames[n - 1].function = e->site->function;
  }
  return n;
}

void PrintStackFrames(StackEntry *e) {
  u32 index = 0;
  for (u32 k = 0; k < e->size; k++) {
    uptr pc;
    SymbolizedFrame frames[16];
    u32 n = SymbolizeStackFrame(e, k, &pc, frames, 16);
    for (u32 i = 0; i < n; i++) {
      LineBuffer b;
      b.Append("    #%u 0x%zx", index++, (size_t)pc);
      if (*frames[i].function) b.Append(" in %s", frames[i].function);
      if (*frames[i].file) {
        b.Append(" %s", frames[i].file);
        if (frames[i].line) b.Append(":%u", frames[i].line);
        if (frames[i].line && frames[i].column) b.Append(":%u", frames[i].column);
      } else {
        ModuleInfo m;
        if (FindModule(pc, &m))
          b.Append(" (%s+0x%zx)", m.path, (size_t)(pc - m.base));
        else
          b.Append(" (<unknown module>)");
      }
      b.Append("\n");
      WriteReport(b.data(), b.size());
    }
  }
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

u64 PrintLeakReport(LeakSet *leaks) {
  LeakTotals t = SumLeaks(leaks);
  u64 total_bytes = t.bytes, total_objects = t.objects;
  if (!total_objects) return 0;
  Printf("\n=================================================================\n");
  Printf("==%d==ERROR: LeakScope: detected memory leaks\n", (int)getpid());
  uptr printed = 0, unsuppressed = 0;
  for (uptr i = 0; i < leaks->records.size(); i++) {
    LeakRecord &r = leaks->records[i];
    if (!IsReported(r)) continue;
    unsuppressed++;
    if (g_options.max_leaks && printed >= (uptr)g_options.max_leaks) continue;
    printed++;
    Printf("\n%s leak of %llu byte(s) in %llu object(s) allocated from:\n",
           r.indirect ? "Indirect" : "Direct", (unsigned long long)r.bytes,
           (unsigned long long)r.objects);
    StackEntry *e = DepotGet(r.stack_id);
    if (e && e->site && *e->site->type) Printf("  type: %s\n", e->site->type);
    if (e) PrintStackFrames(e);
    if (g_options.report_objects) {
      Printf("objects leaked above:\n");
      for (u64 k = r.first_object; k < r.first_object + r.objects; k++) {
        LeakedObject &o = leaks->objects[k];
        Printf("%p (%zu bytes)\n", (void *)o.addr, (size_t)o.size);
      }
    }
  }
  if (printed < unsuppressed)
    Printf("\nThe %zu top leak(s) are shown (max_leaks=%d); %zu more are not.\n", (size_t)printed,
           g_options.max_leaks, (size_t)(unsuppressed - printed));
  PrintMatchedSuppressions();
  Printf("\nSUMMARY: LeakScope: %llu byte(s) leaked in %llu allocation(s).\n",
         (unsigned long long)total_bytes, (unsigned long long)total_objects);
  return total_bytes;
}

}  // namespace leakscope

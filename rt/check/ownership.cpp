// Leak ownership (ownership.h). Three steps over the unreachable chunks U:
//   1. BuildLeakGraph: the pointers between chunks of U, as a CSR adjacency list;
//   2. HeldByDirect: a traversal per direct record from its chunks, stamping each
//      chunk with the record so it counts once per record;
//   3. LostCycles: Tarjan's strongly connected components (iterative) over the chunks
//      no direct record reached.
// Then Aggregate folds the per-chunk facts into the records.
#include "check/ownership.h"

#include "base/internal_alloc.h"
#include "base/sort.h"
#include "check/leak_set.h"
#include "check/marker.h"
#include "check/readable_memory.h"
#include "heap/allocator.h"

namespace leakscope {

u64 g_ownership_budget = 64ull << 20;

namespace {
struct LeakGraph {
  InternalVector<u32> start;  // edges of chunk i: dst[start[i], start[i + 1])
  InternalVector<u32> dst;
};

struct ChunkFacts {
  u32 stamp;  // 1 + the index of the last direct group that reached this chunk
  u32 holders[2];
  u32 num_holders;
  u32 cycle;  // 1 + the lost cycle's index, or 0
};
}  // namespace

static uptr Size(const UnreachableChunk &c) { return ChunkSize(c.begin, c.meta); }
static u64 Bytes(const UnreachableChunk &c) {
  uptr s = Size(c);
  return s ? s : 1;  // as in the leak records: malloc(0) counts one byte
}

// The index in U of the chunk starting at `begin`, or -1 (U is sorted by address).
static intptr_t Find(const InternalVector<UnreachableChunk> &u, uptr begin) {
  uptr lo = 0, hi = u.size();
  while (lo < hi) {
    uptr mid = (lo + hi) / 2;
    if (u[mid].begin < begin) lo = mid + 1;
    else hi = mid;
  }
  return lo < u.size() && u[lo].begin == begin ? (intptr_t)lo : -1;
}

static void ScanChunk(const InternalVector<UnreachableChunk> &u, uptr self, uptr lo, uptr hi,
                      LeakGraph *g) {
  for (uptr a = RoundUp(lo, sizeof(uptr)); a + sizeof(uptr) <= hi; a += sizeof(uptr)) {
    uptr w = *(uptr *)a, begin;
    if (!InHeap(w)) continue;
    ChunkMeta *m = LookupChunk(w, &begin);
    if (!m || m->state != kChunkAllocated || begin == self) continue;
    if (m->tag != kTagLeaked && m->tag != kTagIndirect) continue;
    uptr size = ChunkSize(begin, m);
    if (w - begin >= (size ? size : 1)) continue;
    intptr_t j = Find(u, begin);
    if (j >= 0) g->dst.push_back((u32)j);
  }
}

static void BuildLeakGraph(const InternalVector<UnreachableChunk> &u, const ReadableMemory *readable,
                           LeakGraph *g) {
  g->start.resize(u.size() + 1);
  bool holes = readable && readable->heap_has_holes();
  for (uptr i = 0; i < u.size(); i++) {
    g->start[i] = (u32)g->dst.size();
    uptr lo = u[i].begin, hi = u[i].begin + Size(u[i]);
    if (!holes) ScanChunk(u, u[i].begin, lo, hi, g);
    else readable->ForEachReadable(lo, hi, [&](uptr a, uptr b) { ScanChunk(u, u[i].begin, a, b, g); });
  }
  g->start[u.size()] = (u32)g->dst.size();
}

// Direct chunks grouped by stack id, in address order within a group (their indices).
static void DirectGroups(const InternalVector<UnreachableChunk> &u, InternalVector<u32> *order) {
  for (uptr i = 0; i < u.size(); i++)
    if (u[i].meta->tag == kTagLeaked) order->push_back((u32)i);
  HeapSort(order->begin(), order->size(), [&](u32 a, u32 b) {
    u32 sa = u[a].meta->stack_id, sb = u[b].meta->stack_id;
    return sa != sb ? sa < sb : a < b;
  });
}

// Per direct group: held bytes/objects, keyed by stack id. Returns false when the
// budget ran out.
namespace {
struct Held {
  u32 stack_id;
  u64 bytes, objects;
};
}  // namespace

static bool HeldByDirect(const InternalVector<UnreachableChunk> &u, const LeakGraph &g,
                         InternalVector<ChunkFacts> *facts, InternalVector<Held> *held) {
  InternalVector<u32> order, queue;
  DirectGroups(u, &order);
  u64 budget = g_ownership_budget;
  for (uptr k = 0; k < order.size();) {
    u32 stack = u[order[k]].meta->stack_id;
    u32 stamp = (u32)held->size() + 1;
    Held h = {stack, 0, 0};
    queue.clear();
    for (; k < order.size() && u[order[k]].meta->stack_id == stack; k++) {
      (*facts)[order[k]].stamp = stamp;
      queue.push_back(order[k]);
    }
    while (!queue.empty()) {
      u32 i = queue.back();
      queue.pop_back();
      for (u32 e = g.start[i]; e < g.start[i + 1]; e++) {
        u32 j = g.dst[e];
        ChunkFacts &f = (*facts)[j];
        if (f.stamp == stamp) continue;
        if (!budget--) return false;
        f.stamp = stamp;
        if (f.num_holders < 2) f.holders[f.num_holders] = stack;
        f.num_holders++;
        h.bytes += Bytes(u[j]);
        h.objects++;
        queue.push_back(j);
      }
    }
    held->push_back(h);
  }
  return true;
}

// Tarjan's SCC algorithm (R. Tarjan, "Depth-first search and linear graph algorithms",
// SIAM J. Comput. 1972), iterative, over the chunks no direct group reached. Components
// of two chunks or more are the lost cycles; their sizes go to *cycles.
static void LostCycles(const InternalVector<UnreachableChunk> &u, const LeakGraph &g,
                       InternalVector<ChunkFacts> *facts,
                       InternalVector<RecordOwnership::Cycle> *cycles) {
  uptr n = u.size();
  InternalVector<u32> index, low, stack, call, edge;
  index.resize(n);  // 1 + DFS number, 0: unvisited
  low.resize(n);
  InternalVector<u8> on_stack;
  on_stack.resize(n);
  u32 next = 1;
  auto orphan = [&](u32 i) { return (*facts)[i].stamp == 0; };
  for (u32 root = 0; root < n; root++) {
    if (!orphan(root) || index[root]) continue;
    call.push_back(root);
    edge.push_back(g.start[root]);
    index[root] = low[root] = next++;
    stack.push_back(root);
    on_stack[root] = 1;
    while (!call.empty()) {
      u32 v = call.back();
      u32 &e = edge.back();
      if (e < g.start[v + 1]) {
        u32 w = g.dst[e++];
        if (!orphan(w)) continue;
        if (!index[w]) {
          index[w] = low[w] = next++;
          stack.push_back(w);
          on_stack[w] = 1;
          call.push_back(w);
          edge.push_back(g.start[w]);
        } else if (on_stack[w] && index[w] < low[v]) {
          low[v] = index[w];
        }
        continue;
      }
      call.pop_back();
      edge.pop_back();
      if (!call.empty() && low[v] < low[call.back()]) low[call.back()] = low[v];
      if (low[v] != index[v]) continue;
      // v is the root of a component: pop it.
      uptr top = stack.size();
      while (stack[top - 1] != v) top--;
      top--;
      uptr members = stack.size() - top;
      u32 id = 0;
      if (members >= 2) {
        RecordOwnership::Cycle c = {0, 0};
        for (uptr s = top; s < stack.size(); s++) {
          c.objects++;
          c.bytes += Bytes(u[stack[s]]);
        }
        cycles->push_back(c);
        id = (u32)cycles->size();
      }
      for (uptr s = top; s < stack.size(); s++) {
        on_stack[stack[s]] = 0;
        (*facts)[stack[s]].cycle = id;
      }
      stack.resize(top);
    }
  }
}

// The record of each (stack, kind), for Aggregate: records are few, a linear probe.
static LeakRecord *RecordFor(LeakSet *leaks, InternalVector<u32> &slots, u32 stack, bool indirect) {
  u64 key = ((u64)stack << 1) | indirect;
  uptr mask = slots.size() - 1;
  for (uptr i = (key * 0x9E3779B97F4A7C15ULL >> 17) & mask; slots[i]; i = (i + 1) & mask) {
    LeakRecord &r = leaks->records[slots[i] - 1];
    if ((((u64)r.stack_id << 1) | r.indirect) == key) return &r;
  }
  return nullptr;
}

static void AddHolder(RecordOwnership *o, u32 stack) {
  for (u32 i = 0; i < o->num_holders; i++)
    if (o->holders[i] == stack) return;
  if (o->num_holders == kMaxHolders) {
    o->more_holders = true;
    return;
  }
  // Kept sorted by stack id (the order stacks were first seen), so reports are stable.
  u32 i = o->num_holders++;
  for (; i > 0 && o->holders[i - 1] > stack; i--) o->holders[i] = o->holders[i - 1];
  o->holders[i] = stack;
}

// Sorts (record, cycle) pairs, so each record lists each of its cycles once.
static void SortPairs(InternalVector<u64> *p) {
  HeapSort(p->begin(), p->size(), [](u64 a, u64 b) { return a < b; });
}

static void Aggregate(const InternalVector<UnreachableChunk> &u, InternalVector<ChunkFacts> &facts,
                      const InternalVector<Held> &held,
                      const InternalVector<RecordOwnership::Cycle> &cycles, LeakSet *leaks) {
  InternalVector<u32> slots;
  uptr size = 16;
  while (size < leaks->records.size() * 2) size *= 2;
  slots.resize(size);
  for (uptr k = 0; k < leaks->records.size(); k++) {
    LeakRecord &r = leaks->records[k];
    r.own.known = true;
    u64 key = ((u64)r.stack_id << 1) | r.indirect;
    uptr i = (key * 0x9E3779B97F4A7C15ULL >> 17) & (size - 1);
    while (slots[i]) i = (i + 1) & (size - 1);
    slots[i] = (u32)k + 1;
  }
  for (uptr k = 0; k < held.size(); k++) {
    const Held &h = held[k];
    LeakRecord *r = RecordFor(leaks, slots, h.stack_id, false);
    if (!r) continue;
    r->own.held_bytes = h.bytes;
    r->own.held_objects = h.objects;
  }
  InternalVector<u64> pairs;  // (record index << 32) | cycle id
  for (uptr i = 0; i < u.size(); i++) {
    const ChunkFacts &f = facts[i];
    if (u[i].meta->tag != kTagIndirect) continue;
    LeakRecord *r = RecordFor(leaks, slots, u[i].meta->stack_id, true);
    if (!r) continue;
    for (u32 h = 0; h < f.num_holders && h < 2; h++) AddHolder(&r->own, f.holders[h]);
    if (f.num_holders > 2) r->own.more_holders = true;
    if (f.cycle) pairs.push_back(((u64)(r - leaks->records.begin()) << 32) | f.cycle);
  }
  SortPairs(&pairs);
  for (uptr i = 0; i < pairs.size(); i++) {
    if (i && pairs[i] == pairs[i - 1]) continue;
    RecordOwnership &o = leaks->records[pairs[i] >> 32].own;
    RecordOwnership::Cycle c = cycles[(u32)pairs[i] - 1];
    // Keep the kMaxCycles largest, largest first.
    if (o.num_cycles == kMaxCycles) {
      o.more_cycles++;
      if (c.bytes <= o.cycles[kMaxCycles - 1].bytes) continue;
      o.num_cycles--;
    }
    u32 k = o.num_cycles++;
    for (; k > 0 && o.cycles[k - 1].bytes < c.bytes; k--) o.cycles[k] = o.cycles[k - 1];
    o.cycles[k] = c;
  }
}

void ComputeOwnership(const InternalVector<UnreachableChunk> &u, LeakSet *leaks,
                      const ReadableMemory *readable) {
  if (u.empty()) return;
  LeakGraph g;
  BuildLeakGraph(u, readable, &g);
  InternalVector<ChunkFacts> facts;
  facts.resize(u.size());
  InternalVector<Held> held;
  if (!HeldByDirect(u, g, &facts, &held)) return;
  InternalVector<RecordOwnership::Cycle> cycles;
  LostCycles(u, g, &facts, &cycles);
  Aggregate(u, facts, held, cycles, leaks);
}

}  // namespace leakscope

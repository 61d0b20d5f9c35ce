// Heap graph capture (heap_graph.h). With the world stopped:
//   1. ListNodes: the allocated chunks, and per size class (and for the large region) a
//      map from chunk slot to node index, so a pointer resolves in O(1); counted
//      serially, filled on WorkerCount() threads;
//   2. the roots: the check's own root functions (globals, threads, root regions, the
//      program's mappings), with the Marker's root hook pointed at CaptureRootCb, which
//      classifies the range and scans it at once;
//   3. ScanNodes: every chunk's words, on WorkerCount() threads (world/helper_threads.h):
//      thread j scans a contiguous run of nodes holding about 1/W of the heap's bytes
//      into its own edge array; after the world resumes, the arrays are appended in
//      node order (JoinEdgeParts), so the graph is the one a single thread would build.
#include "check/heap_graph.h"

#include <link.h>
#include <string.h>
#include <time.h>

#include "base/proc_maps.h"
#include "base/report_io.h"
#include "check/leak_check.h"
#include "check/mapped_roots.h"
#include "check/marker.h"
#include "check/readable_memory.h"
#include "check/roots.h"
#include "heap/allocator.h"
#include "options.h"
#include "world/helper_threads.h"
#include "world/stop_the_world.h"
#include "world/threads.h"
#include "world/tls.h"

namespace leakscope {

intptr_t HeapGraph::NodeAt(uptr p) const {
  uptr lo = 0, hi = nodes.size();
  while (lo < hi) {
    uptr mid = (lo + hi) / 2;
    if (nodes[mid].begin + (nodes[mid].size ? nodes[mid].size : 1) <= p) lo = mid + 1;
    else hi = mid;
  }
  return lo < nodes.size() && nodes[lo].begin <= p ? (intptr_t)lo : -1;
}

namespace {
enum Phase { kPhaseGlobals, kPhaseThreads, kPhaseRegions, kPhaseMappings };

struct CodeRange {
  uptr lo, hi;
};

constexpr int kMaxScanParts = 8;

// One thread's share of ScanNodes: nodes [first, last). Part 0 writes into g->edges
// (node_edges absolute); the others into `edges`, node_edges relative to it until
// JoinEdgeParts.
struct ScanPart {
  struct Capture *c;
  uptr first, last;
  InternalVector<GraphEdge> edges;
  HelperThread thread;
};

// A run of chunk slots of one region (kNumSizeClasses: the large region's pages).
struct Segment {
  u32 region, first, last;
  u32 first_node;  // index of its first allocated chunk's node
};

// One thread's share of ListNodes: segments [first, last).
struct ListPart {
  struct Capture *c;
  uptr first, last;
  uptr bytes;                   // its nodes' sizes, summed
  InternalVector<u32> ignored;  // its ignored chunks' nodes, ascending
  HelperThread thread;
};

struct Capture {
  HeapGraph *g;
  InternalVector<Segment> segments;
  int list_parts = 0;
  ListPart list_part[kMaxScanParts];
  Phase phase;
  uptr node_bytes = 0;  // the nodes' sizes, summed
  int parts = 0;
  ScanPart part[kMaxScanParts];
  InternalVector<u32> slot_to_node[kNumSizeClasses + 1];  // node index + 1, 0: none
  // Gathered before the stop (dl_iterate_phdr takes the loader's lock, which a stopped
  // thread may hold): the modules' writable segments and executable ranges.
  InternalVector<GlobalRange> globals;
  InternalVector<CodeRange> code;
  // Read with the world stopped, as the check does (leak_check.cpp).
  InternalVector<MapEntry> maps;
  ReadableMemory readable;
};
}  // namespace

static u32 Clamp(uptr v) { return v > 0xFFFFFFFFu ? 0xFFFFFFFFu : (u32)v; }

// The node a heap word points into, or -1.
static LS_ALWAYS_INLINE intptr_t Resolve(Capture *c, uptr w, uptr *begin) {
  if (!InHeap(w)) return -1;
  ChunkMeta *m = LookupChunk(w, begin);
  if (!m || m->state != kChunkAllocated) return -1;
  uptr size = ChunkSize(*begin, m);
  if (w - *begin >= (size ? size : 1)) return -1;
  uptr r = (*begin - kHeapBase) >> kRegionShift;
  InternalVector<u32> *map;
  uptr slot;
  if (r < kNumSizeClasses) {
    map = &c->slot_to_node[r];
    slot = m - RegionMeta(r);
  } else {
    map = &c->slot_to_node[kNumSizeClasses];
    slot = m - LargeMeta();
  }
  if (slot >= map->size() || !(*map)[slot]) return -1;
  return (intptr_t)(*map)[slot] - 1;
}

static void ScanWords(Capture *c, InternalVector<GraphEdge> *out, uptr lo, uptr hi, uptr self) {
  uptr base = lo;
  for (uptr a = RoundUp(lo, sizeof(uptr)); a + sizeof(uptr) <= hi; a += sizeof(uptr)) {
    uptr w = *(uptr *)a, begin;
    if (LS_LIKELY(!InHeap(w))) continue;
    intptr_t n = Resolve(c, w, &begin);
    if (n < 0 || begin == self) continue;
    out->push_back({(u32)n, Clamp(a - base), Clamp(w - begin)});
  }
}

// ---- ListNodes ------------------------------------------------------------------------
// The chunk slots are cut into segments (a run of up to kSegmentSlots slots of one size
// class, or pages of the large region); a count pass gives each segment its first node
// index, then the threads fill separate segment runs (nodes, slot map, ignored chunks)
// in parallel. With a thread the check could not stop, metadata may change between the
// two passes: then one pass, serially.
static constexpr uptr kSegmentSlots = 1 << 16;

static void AddNode(Capture *c, u32 index, uptr r, uptr slot, uptr begin, ChunkMeta *m) {
  uptr size = ChunkSize(begin, m);
  c->g->nodes[index] = {begin, size, MetaStackId(m), 0};
  c->slot_to_node[r < kNumSizeClasses ? r : kNumSizeClasses][slot] = index + 1;
}

// Calls fn(slot, begin, meta) for the allocated chunks of segment s.
template <typename Fn>
static LS_ALWAYS_INLINE void ForEachInSegment(const Segment &s, Fn fn) {
  if (s.region < kNumSizeClasses) {
    uptr size = g_class_size[s.region], base = RegionBase(s.region);
    ChunkMeta *meta = RegionMeta(s.region);
    for (uptr i = s.first; i < s.last; i++)
      if (MetaState(&meta[i]) == kChunkAllocated) fn(i, base + i * size, &meta[i]);
    return;
  }
  ChunkMeta *lm = LargeMeta();
  for (uptr pg = s.first; pg < s.last; pg++)
    if (g_page_map[pg] == pg + 1 && MetaState(&lm[pg]) == kChunkAllocated)
      fn(pg, kLargeBase + pg * kPageSize, &lm[pg]);
}

static void FillSegments(ListPart *p) {
  Capture *c = p->c;
  p->bytes = 0;
  for (uptr k = p->first; k < p->last; k++) {
    const Segment &s = c->segments[k];
    u32 index = s.first_node;
    ForEachInSegment(s, [&](uptr slot, uptr begin, ChunkMeta *m) {
      AddNode(c, index, s.region, slot, begin, m);
      p->bytes += c->g->nodes[index].size;
      if (LS_UNLIKELY(MetaIgnored(m))) p->ignored.push_back(index);
      index++;
    });
  }
}

static int FillSegmentsMain(void *arg) {
  FillSegments((ListPart *)arg);
  return 0;
}

static void ListNodes(Capture *c) {
  HeapGraph *g = c->g;
  if (!g_page_map) return;  // the allocator never ran
  for (uptr r = 0; r < kNumSizeClasses; r++) c->slot_to_node[r].resize(g_carved[r]);
  c->slot_to_node[kNumSizeClasses].resize(g_large_bump_pages);
  for (uptr r = 0; r <= kNumSizeClasses; r++) {
    uptr slots = r < kNumSizeClasses ? g_carved[r] : g_large_bump_pages;
    for (uptr first = 0; first < slots; first += kSegmentSlots)
      c->segments.push_back({(u32)r, (u32)first, (u32)(first + kSegmentSlots < slots ? first + kSegmentSlots : slots), 0});
  }
  bool parallel = WorldIsExclusive() && WorkerCount() > 1;
  uptr total = 0;
  if (parallel) {
    for (Segment &s : c->segments) {
      s.first_node = (u32)total;
      ForEachInSegment(s, [&](uptr, uptr, ChunkMeta *) { total++; });
    }
  } else {
    // One pass: count and fill at once, growing the node list.
    ListPart &p = c->list_part[0];
    p.c = c;
    p.bytes = 0;
    for (Segment &s : c->segments) {
      s.first_node = (u32)g->nodes.size();
      ForEachInSegment(s, [&](uptr slot, uptr begin, ChunkMeta *m) {
        u32 index = (u32)g->nodes.size();
        g->nodes.push_back({});
        AddNode(c, index, s.region, slot, begin, m);
        p.bytes += g->nodes[index].size;
        if (LS_UNLIKELY(MetaIgnored(m))) p.ignored.push_back(index);
      });
    }
    c->list_parts = 1;
    c->node_bytes = p.bytes;
    return;
  }
  g->nodes.resize(total);
  int parts = WorkerCount();
  if (parts > kMaxScanParts) parts = kMaxScanParts;
  if (total < 4096) parts = 1;
  uptr next = 0;
  for (int j = 0; j < parts; j++) {
    ListPart &p = c->list_part[j];
    p.c = c;
    p.first = next;
    uptr goal = total / parts * (j + 1);
    while (next < c->segments.size() && (j == parts - 1 || c->segments[next].first_node < goal)) next++;
    p.last = next;
  }
  c->list_parts = parts;
  bool started[kMaxScanParts] = {};
  for (int j = 1; j < parts; j++)
    started[j] = StartHelperThread(&c->list_part[j].thread, FillSegmentsMain, &c->list_part[j]);
  FillSegments(&c->list_part[0]);
  for (int j = 1; j < parts; j++)
    if (!started[j]) FillSegments(&c->list_part[j]);
  for (int j = 1; j < parts; j++)
    if (started[j]) JoinHelperThread(&c->list_part[j].thread);
  c->node_bytes = 0;
  for (int j = 0; j < parts; j++) c->node_bytes += c->list_part[j].bytes;
}

// The frames of a stack range [lo, hi), from frame pointer `fp` (the thread's rbp, or
// the capturing thread's own frame) up the chain while it stays inside the range and
// ascends. The function owning `fp` is not known from a return address (its caller's
// is at fp+8); it is the one whose return address lies nearest below fp among the
// words that point into code: `code` tells which words do.
static bool IsCode(uptr w);

static void FrameSpans(HeapGraph *g, GraphRoot *root, uptr fp, bool self) {
  root->first_span = (u32)g->spans.size();
  uptr lo = root->lo, hi = root->hi;
  // The capturing thread starts below the range, in the runtime's own frames (built
  // with frame pointers): climb to the first frame inside it.
  for (int depth = 0; self && fp && fp < lo && depth < 256; depth++) {
    uptr next = *(uptr *)fp;
    fp = next > fp ? next : 0;
  }
  if (fp >= lo && fp + 16 <= hi && !(fp & 7)) {
    uptr owner = 0;
    for (uptr a = fp - 8; a >= lo && a + 4096 > fp; a -= 8)
      if (IsCode(*(uptr *)a)) {
        owner = *(uptr *)a;
        break;
      }
    g->spans.push_back({fp + 16, owner});
    for (int depth = 0; depth < 4096; depth++) {
      uptr next = *(uptr *)fp, ret = *(uptr *)(fp + 8);
      if (next <= fp || next + 16 > hi || (next & 7)) {
        g->spans.push_back({hi, ret});
        break;
      }
      g->spans.push_back({next + 16, ret});
      fp = next;
    }
  }
  root->num_spans = (u32)g->spans.size() - root->first_span;
}

// Executable ranges of the loaded modules, for IsCode (the capture's, while it runs).
static InternalVector<CodeRange> *g_code;

static bool IsCode(uptr w) {
  for (CodeRange &r : *g_code)
    if (w - r.lo < r.hi - r.lo) return true;
  return false;
}

static int CodeRangesCb(struct dl_phdr_info *info, size_t, void *arg) {
  InternalVector<CodeRange> *code = (InternalVector<CodeRange> *)arg;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) &ph = info->dlpi_phdr[i];
    if (ph.p_type == PT_LOAD && (ph.p_flags & PF_X))
      code->push_back({info->dlpi_addr + ph.p_vaddr, info->dlpi_addr + ph.p_vaddr + ph.p_memsz});
  }
  return 0;
}

static void ClassifyThreadRange(GraphRoot *root, uptr *fp, bool *self_out) {
  uptr lo = root->lo;
  ThreadContext *self = CurrentThreadContext();
  for (int i = 0; i < ThreadSlots(); i++) {
    ThreadContext *t = ThreadAt(i);
    if (t->status == kThreadUnused) continue;
    root->tid = (u32)t->tid;
    if (lo >= (uptr)t && lo < (uptr)(t + 1)) {
      bool regs = lo >= (uptr)t->saved_regs && lo < (uptr)(t->saved_regs + kMaxSavedRegs);
      root->kind = regs ? kRootRegisters : kRootThreadArg;
      return;
    }
    uptr tls_lo, tls_hi;
    if (StaticTlsRange(t->thread_pointer, &tls_lo, &tls_hi) && lo >= tls_lo && lo < tls_hi) {
      root->kind = kRootTls;
      return;
    }
    if (t->stack_hi && lo >= RoundDown(t->stack_lo, kPageSize) && lo < t->stack_hi) {
      root->kind = kRootStack;
      *self_out = t == self;
      if (t == self) *fp = (uptr)__builtin_frame_address(0);
      else if (t->stop_state == kStopped) *fp = t->saved_regs[6];  // RBP (stop_the_world.cpp)
      return;
    }
  }
  // The caller's stack when it is not registered, or an unknown range.
  root->tid = (u32)GetTid();
  root->kind = kRootStack;
  *fp = (uptr)__builtin_frame_address(0);
  *self_out = true;
}

static void CaptureRootCb(void *ctx, uptr lo, uptr hi) {
  Capture *c = (Capture *)ctx;
  HeapGraph *g = c->g;
  GraphRoot root = {};
  root.lo = lo;
  root.hi = hi;
  uptr fp = 0;
  bool self = false;
  switch (c->phase) {
    case kPhaseGlobals: root.kind = kRootGlobal; break;
    case kPhaseRegions: root.kind = kRootRegion; break;
    case kPhaseMappings: root.kind = kRootMapping; break;
    case kPhaseThreads: ClassifyThreadRange(&root, &fp, &self); break;
  }
  root.first_edge = (u32)g->edges.size();
  if (root.kind == kRootMapping) {
    // A registered root region is often an mmap'd range, which the mappings scan
    // reads again: one root per word, the region's, so it keeps what it holds.
    for (uptr r = 0; r < g->roots.size(); r++) {
      const GraphRoot &reg = g->roots[r];
      if (reg.kind != kRootRegion || reg.hi <= lo || reg.lo >= hi) continue;
      if (reg.lo > lo) CaptureRootCb(ctx, lo, reg.lo);
      if (reg.hi < hi) CaptureRootCb(ctx, reg.hi, hi);
      return;
    }
  }
  ScanWords(c, &g->edges, lo, hi, 0);
  root.num_edges = (u32)g->edges.size() - root.first_edge;
  if (!root.num_edges) return;  // holds nothing: not worth a root
  if (root.kind == kRootStack) FrameSpans(g, &root, fp, self);
  g->roots.push_back(root);
}

static void ScanNodeRange(ScanPart *p) {
  Capture *c = p->c;
  HeapGraph *g = c->g;
  InternalVector<GraphEdge> *out = p == &c->part[0] ? &g->edges : &p->edges;
  // Heap pages the program made unreadable are skipped, as the marker skips them.
  bool holes = c->readable.loaded() && c->readable.heap_has_holes();
  for (uptr i = p->first; i < p->last; i++) {
    uptr first = out->size();
    g->node_edges[i] = (u32)first;
    GraphNode &n = g->nodes[i];
    if (!holes) {
      ScanWords(c, out, n.begin, n.begin + n.size, n.begin);
    } else {
      // src_off stays relative to the chunk: ScanWords numbers words from its `lo`.
      c->readable.ForEachReadable(n.begin, n.begin + n.size, [&](uptr a, uptr b) {
        uptr before = out->size();
        ScanWords(c, out, a, b, n.begin);
        for (uptr e = before; e < out->size(); e++) (*out)[e].src_off += (u32)(a - n.begin);
      });
    }
    g->single_edge[i] = out->size() == first + 1 ? (*out)[first].dst : kNoSingleEdge;
  }
}

static int ScanPartMain(void *arg) {
  ScanNodeRange((ScanPart *)arg);
  return 0;
}

// Splits the nodes into runs of about equal bytes, scans them on helper threads (a part
// whose thread cannot start is scanned by the calling thread) and waits for them.
static void ScanNodes(Capture *c) {
  HeapGraph *g = c->g;
  uptr n = g->nodes.size();
  g->node_edges.resize(n + 1);
  g->single_edge.resize(n);
  int parts = WorkerCount();
  if (parts > kMaxScanParts) parts = kMaxScanParts;
  if (n < 4096) parts = 1;  // not worth a thread
  uptr next = 0, bytes = 0;
  for (int j = 0; j < parts; j++) {
    ScanPart &p = c->part[j];
    p.c = c;
    p.first = next;
    uptr goal = c->node_bytes / parts * (j + 1);
    while (next < n && (j == parts - 1 || bytes < goal)) bytes += g->nodes[next++].size;
    p.last = next;
  }
  c->parts = parts;
  bool started[kMaxScanParts] = {};
  for (int j = 1; j < parts; j++) started[j] = StartHelperThread(&c->part[j].thread, ScanPartMain, &c->part[j]);
  ScanNodeRange(&c->part[0]);
  for (int j = 1; j < parts; j++)
    if (!started[j]) ScanNodeRange(&c->part[j]);
  for (int j = 1; j < parts; j++)
    if (started[j]) JoinHelperThread(&c->part[j].thread);
}

// After the world resumed: the parts' edges after part 0's, their node_edges made
// absolute.
// The copy faults in the fresh end of g->edges: its upper half goes to a helper thread.
namespace {
struct CopyJob {
  void *dst;
  const void *src;
  uptr bytes;
  HelperThread thread;
};
}  // namespace

static int CopyMain(void *arg) {
  CopyJob *j = (CopyJob *)arg;
  memcpy(j->dst, j->src, j->bytes);
  return 0;
}

static void JoinEdgeParts(Capture *c) {
  HeapGraph *g = c->g;
  uptr total = g->edges.size();
  for (int j = 1; j < c->parts; j++) total += c->part[j].edges.size();
  uptr base = g->edges.size();
  g->edges.resize(total);
  for (int j = 1; j < c->parts; j++) {
    ScanPart &p = c->part[j];
    uptr m = p.edges.size();
    GraphEdge *dst = g->edges.begin() + base;
    uptr half = m >= (1 << 16) ? m / 2 : 0;
    CopyJob job = {dst + half, p.edges.begin() + half, (m - half) * sizeof(GraphEdge), {}};
    bool helped = half && StartHelperThread(&job.thread, CopyMain, &job);
    if (!helped) half = m;  // the caller copies it all
    if (half) memcpy(dst, p.edges.begin(), half * sizeof(GraphEdge));
    for (uptr i = p.first; i < p.last; i++) g->node_edges[i] += (u32)base;
    if (helped) JoinHelperThread(&job.thread);
    else if (half < m) memcpy(dst + half, p.edges.begin() + half, (m - half) * sizeof(GraphEdge));
    base += m;
    p.edges.Reset();
  }
  g->node_edges[g->nodes.size()] = (u32)g->edges.size();
}

static u64 NowNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (u64)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void CaptureWorldStoppedCb(void *arg) {
  Capture *c = (Capture *)arg;
  HeapGraph *g = c->g;
  u64 t0 = NowNs();
  g_code = &c->code;
  ReadProcMaps(&c->maps);  // as the check: the mappings while nothing changes them
  c->readable.Load(c->maps);
  ListNodes(c);
  // Ignored chunks are roots, as in Marker::Reset, in address order.
  for (int j = 0; j < c->list_parts; j++)
    for (u32 n : c->list_part[j].ignored) {
      GraphRoot root = {};
      root.lo = g->nodes[n].begin;
      root.hi = root.lo + g->nodes[n].size;
      root.kind = kRootIgnored;
      root.first_edge = (u32)g->edges.size();
      g->edges.push_back({n, 0, 0});
      root.num_edges = 1;
      g->roots.push_back(root);
    }
  // The check's own root functions, in its order, with the hook in place of marking;
  // the Marker clips each range to what is readable before the hook sees it.
  Marker m;
  m.SetReadable(c->readable.loaded() ? &c->readable : nullptr);
  m.root_hook = CaptureRootCb;
  m.root_hook_ctx = c;
  c->phase = kPhaseGlobals;
  ScanGlobals(&m, c->globals);
  c->phase = kPhaseThreads;
  ScanThreads(&m);
  c->phase = kPhaseRegions;
  ScanRootRegions(&m);
  c->phase = kPhaseMappings;
  ScanMappedRoots(&m, c->maps, c->globals);
  ScanNodes(c);
  g_code = nullptr;
  g->capture_ns = NowNs() - t0;
  g->captured = true;
}

void CaptureHeapGraph(HeapGraph *g) {
  Capture c;
  c.g = g;
  g->captured = false;
  ScopedLeakCheckLock l;
  GatherGlobals(&c.globals);
  dl_iterate_phdr(CodeRangesCb, &c.code);
  RunWithWorldStopped(CaptureWorldStoppedCb, &c);
  if (g->captured) JoinEdgeParts(&c);
  if (g_options.verbosity >= 2)
    Warn("heap graph captured: %zu block(s), %zu pointer(s), %zu root range(s); world stopped %.1f ms",
         (size_t)g->nodes.size(), (size_t)g->edges.size(), (size_t)g->roots.size(), g->capture_ns / 1e6);
}

}  // namespace leakscope

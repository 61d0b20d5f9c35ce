// Heap graph capture (heap_graph.h). With the world stopped:
//   1. ListNodes: the allocated chunks, on WorkerCount() threads: a pass that records,
//      per region (a size class, or the large region's pages), one bit per slot for the
//      chunks it lists, counts them and sums their sizes; then each segment knows its
//      first node, and per 64 slots the node of the first one is known (the SlotIndex,
//      so that a pointer resolves with one popcount, in arrays of 3/16 of a byte per
//      slot);
//   2. the roots: the check's own root functions (globals, threads, root regions, the
//      program's mappings), with the Marker's root hook pointed at CaptureRootCb, which
//      classifies the range and scans it at once;
//   3. ScanNodes: every chunk's node (begin, size, stack id) and words, on
//      WorkerCount() threads (world/helper_threads.h): thread j takes a contiguous run
//      of segments holding about 1/W of the heap's bytes, its edges into its own arrays;
//      after the world resumes, the arrays are appended in node order (JoinEdgeParts),
//      so the graph is the one a single thread would build.
// The scan reads the slots the first pass's bits record, not the metadata's state
// again: a thread the check could not stop may allocate or free meanwhile, and the
// graph keeps the nodes the first pass listed.
#include "check/heap_graph.h"

#include <cpuid.h>
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

uptr HeapGraph::BigSize(u32 node) const {
  uptr lo = 0, hi = big_sizes.size();
  while (lo < hi) {
    uptr mid = (lo + hi) / 2;
    if (big_sizes[mid].node < node) lo = mid + 1;
    else hi = mid;
  }
  return lo < big_sizes.size() && big_sizes[lo].node == node ? big_sizes[lo].size : kBigNodeSize;
}

bool g_capture_without_popcnt;

intptr_t HeapGraph::NodeAt(uptr p) const {
  uptr lo = 0, hi = node_begin.size();
  while (lo < hi) {
    uptr mid = (lo + hi) / 2;
    uptr size = Size((u32)mid);
    if (node_begin[mid] + (size ? size : 1) <= p) lo = mid + 1;
    else hi = mid;
  }
  return lo < node_begin.size() && node_begin[lo] <= p ? (intptr_t)lo : -1;
}

namespace {
enum Phase { kPhaseGlobals, kPhaseThreads, kPhaseRegions, kPhaseMappings };

struct CodeRange {
  uptr lo, hi;
};

constexpr int kMaxScanParts = 8;
constexpr uptr kGraphRegions = kNumSizeClasses + 1;  // the size classes, then the large region

// The edges a scan appends: targets always, offsets unless null.
struct EdgeSink {
  InternalVector<u32> *dst;
  InternalVector<EdgeOffsets> *off;
};

// One thread's share of ScanNodes: segments [first_segment, last_segment), which hold
// nodes [first, last). Part 0 writes into g's edge arrays (node_edges absolute); the
// others into their own, node_edges relative to them until JoinEdgeParts.
struct ScanPart {
  struct Capture *c;
  uptr first_segment, last_segment;
  uptr first, last;
  InternalVector<u32> dst;
  InternalVector<EdgeOffsets> off;
  InternalVector<BigNodeSize> big;  // its nodes of kBigNodeSize bytes or more, ascending
  HelperThread thread;
};

// A run of chunk slots of one region, [first, last), starting at a multiple of 64 (so a
// segment's words of the SlotIndex are its own).
struct Segment {
  u32 region, first, last;
  u32 nodes;       // its allocated chunks (ListNodes' first pass)
  u32 first_node;  // the node of the first of them
  uptr bytes;      // their sizes, summed
};

// Slot -> node: bit (slot % 64) of bits[word_base[r] + slot / 64] is set when region r's
// slot is a node, and that node is first_node[word] + the set bits below it.
struct SlotIndex {
  InternalVector<u64> bits;
  InternalVector<u32> first_node;
  uptr word_base[kGraphRegions] = {};
  uptr slots[kGraphRegions] = {};  // as listed (a thread that runs on may carve more)
};

struct IgnoredChunk {
  u32 region, slot;
  uptr begin, size;
};

// One thread's share of ListNodes' pass: segments [first, last).
struct ListPart {
  struct Capture *c;
  uptr first, last;
  InternalVector<IgnoredChunk> ignored;  // its ignored chunks, ascending
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
  SlotIndex index;
  bool popcnt;  // the CPU has POPCNT
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

// The node of a slot the first pass recorded.
static u32 NodeOfSlot(const SlotIndex &x, uptr region, uptr slot) {
  uptr word = x.word_base[region] + slot / 64;
  return x.first_node[word] + (u32)__builtin_popcountll(x.bits[word] & ((1ull << (slot % 64)) - 1));
}

// The node heap word w points into, or -1: a slot the first pass listed (its bits, not
// the metadata's state now), at an offset within the chunk. The slot comes from the
// address alone (the size class's magic division, or the large region's page map).
static LS_ALWAYS_INLINE intptr_t Resolve(const Capture *c, uptr w, uptr *begin) {
  const SlotIndex &x = c->index;
  uptr off = w - kHeapBase;  // the caller checked InHeap
  uptr r = off >> kRegionShift, slot;
  if (LS_LIKELY(r < kNumSizeClasses)) {
    slot = ChunkIndex(r, off & (kRegionSize - 1));
    *begin = RegionBase(r) + slot * g_class_size[r];
  } else {
    uptr page = (w - kLargeBase) / kPageSize;
    if (page >= x.slots[kNumSizeClasses]) return -1;
    u32 first = __atomic_load_n(&g_page_map[page], __ATOMIC_RELAXED);
    if (!first) return -1;
    r = kNumSizeClasses;
    slot = first - 1;
    *begin = kLargeBase + slot * kPageSize;
  }
  if (slot >= x.slots[r] || !((x.bits[x.word_base[r] + slot / 64] >> (slot % 64)) & 1)) return -1;
  // A pointer to the start is inside whatever the size (a chunk of 0 bytes counts one):
  // only an interior pointer reads the size, from the metadata (the scan fills the
  // node's size in as it goes; both read the same metadata).
  uptr in = w - *begin;
  if (in && in >= ChunkSize(*begin, &RegionMeta(r)[slot])) return -1;
  return NodeOfSlot(x, r, slot);
}

static LS_ALWAYS_INLINE void ScanWords(const Capture *c, EdgeSink out, uptr lo, uptr hi, uptr self) {
  uptr base = lo;
  for (uptr a = RoundUp(lo, sizeof(uptr)); a + sizeof(uptr) <= hi; a += sizeof(uptr)) {
    uptr w = *(uptr *)a, begin;
    if (LS_LIKELY(!InHeap(w))) continue;
    intptr_t n = Resolve(c, w, &begin);
    if (n < 0 || begin == self) continue;
    out.dst->push_back((u32)n);
    if (out.off) out.off->push_back({Clamp(a - base), Clamp(w - begin)});
  }
}

// ---- Work split over threads --------------------------------------------------------
// How many threads share a pass over `work` items: WorkerCount(), at most kMaxScanParts,
// and one below `min_work` (not worth a thread).
static int PartsFor(uptr work, uptr min_work) {
  int parts = WorkerCount();
  if (parts > kMaxScanParts) parts = kMaxScanParts;
  return work < min_work ? 1 : parts;
}

// Cuts the segments into `parts` runs of about equal weight(segment), `total` in all:
// run j is segments [cut[j], cut[j + 1]).
template <typename Weight>
static void CutSegments(const InternalVector<Segment> &segs, int parts, uptr total, Weight weight, uptr *cut) {
  uptr next = 0, sum = 0;
  cut[0] = 0;
  for (int j = 0; j < parts; j++) {
    uptr goal = total / parts * (j + 1);
    while (next < segs.size() && (j == parts - 1 || sum < goal)) sum += weight(segs[next++]);
    cut[j + 1] = next;
  }
}

template <typename Part, void (*Fn)(Part *)>
static int PartMain(void *arg) {
  Fn((Part *)arg);
  return 0;
}

// Runs Fn on parts [0, n): part 0 on the calling thread, the others on helper threads (a
// part whose thread cannot start on the calling thread as well), and waits for them.
template <typename Part, void (*Fn)(Part *)>
static void RunParts(Part *part, int n) {
  bool started[kMaxScanParts] = {};
  for (int j = 1; j < n; j++) started[j] = StartHelperThread(&part[j].thread, PartMain<Part, Fn>, &part[j]);
  Fn(&part[0]);
  for (int j = 1; j < n; j++)
    if (!started[j]) Fn(&part[j]);
  for (int j = 1; j < n; j++)
    if (started[j]) JoinHelperThread(&part[j].thread);
}

// ---- ListNodes ------------------------------------------------------------------------
// The chunk slots are cut into segments (a run of up to kSegmentSlots slots of one size
// class, or pages of the large region). One pass records each segment's allocated slots
// in the SlotIndex, counts them and sums their sizes; the counts give each segment, and
// each 64 slots, their first node.
static constexpr uptr kSegmentSlots = 1 << 16;

static void RecordSegment(SlotIndex *x, ListPart *p, Segment *s) {
  u64 *bits = x->bits.begin() + x->word_base[s->region];
  uptr stride = SlotStride(s->region), base = RegionBase(s->region);
  ChunkMeta *meta = RegionMeta(s->region);
  u32 count = 0;
  uptr bytes = 0;
  for (uptr first = s->first; first < s->last; first += 64) {
    uptr end = first + 64 < s->last ? first + 64 : s->last;
    u64 word = 0;
    for (uptr slot = first; slot < end; slot++) {
      if (!SlotAllocated(s->region, slot)) continue;
      word |= 1ull << (slot - first);
      uptr begin = base + slot * stride, size = ChunkSize(begin, &meta[slot]);
      bytes += size;
      if (LS_UNLIKELY(MetaIgnored(&meta[slot]))) p->ignored.push_back({s->region, (u32)slot, begin, size});
    }
    bits[first / 64] = word;
    count += (u32)__builtin_popcountll(word);
  }
  s->nodes = count;
  s->bytes = bytes;
}

static void RecordSegments(ListPart *p) {
  for (uptr k = p->first; k < p->last; k++) RecordSegment(&p->c->index, p, &p->c->segments[k]);
}

static void ListNodes(Capture *c) {
  HeapGraph *g = c->g;
  if (!g_page_map) return;  // the allocator never ran
  SlotIndex &x = c->index;
  uptr words = 0, slots_total = 0;
  for (uptr r = 0; r < kGraphRegions; r++) {
    uptr slots = r < kNumSizeClasses ? __atomic_load_n(&g_carved[r], __ATOMIC_RELAXED)
                                     : __atomic_load_n(&g_large_bump_pages, __ATOMIC_RELAXED);
    x.slots[r] = slots;
    x.word_base[r] = words;
    words += (slots + 63) / 64;
    slots_total += slots;
    for (uptr first = 0; first < slots; first += kSegmentSlots)
      c->segments.push_back({(u32)r, (u32)first, (u32)(first + kSegmentSlots < slots ? first + kSegmentSlots : slots), 0, 0, 0});
  }
  x.bits.resize(words);
  x.first_node.resize(words);
  int parts = PartsFor(slots_total, 4096 * 4);
  c->list_parts = parts;
  uptr cut[kMaxScanParts + 1];
  CutSegments(c->segments, parts, slots_total, [](const Segment &s) { return (uptr)(s.last - s.first); }, cut);
  for (int j = 0; j < parts; j++) {
    c->list_part[j].c = c;
    c->list_part[j].first = cut[j];
    c->list_part[j].last = cut[j + 1];
  }
  RunParts<ListPart, RecordSegments>(c->list_part, parts);
  // Numbers: per segment, then per 64 slots (the words of a region ascend with its
  // segments, and a region's words follow the previous region's).
  uptr total = 0;
  c->node_bytes = 0;
  for (Segment &s : c->segments) {
    s.first_node = (u32)total;
    u32 node = (u32)total;
    uptr wb = x.word_base[s.region];
    for (uptr w = s.first / 64; w * 64 < s.last; w++) {
      x.first_node[wb + w] = node;
      node += (u32)__builtin_popcountll(x.bits[wb + w]);
    }
    total += s.nodes;
    c->node_bytes += s.bytes;
  }
  if (g->detail == kGraphFull) g->node_begin.resize(total);
  g->node_size.resize(total);
  g->node_stack.resize(total);
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
  root.first_edge = (u32)g->NumEdges();
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
  ScanWords(c, {&g->edge_dst, &g->edge_off}, lo, hi, 0);
  root.num_edges = (u32)g->NumEdges() - root.first_edge;
  if (!root.num_edges) return;  // holds nothing: not worth a root
  if (root.kind == kRootStack) FrameSpans(g, &root, fp, self);
  g->roots.push_back(root);
}

static LS_ALWAYS_INLINE void ScanNodeRangeBody(ScanPart *p) {
  Capture *c = p->c;
  HeapGraph *g = c->g;
  bool part0 = p == &c->part[0];
  InternalVector<u32> *dst = part0 ? &g->edge_dst : &p->dst;
  InternalVector<EdgeOffsets> *off = g->detail != kGraphFull ? nullptr : part0 ? &g->edge_off : &p->off;
  // Heap pages the program made unreadable are skipped, as the marker skips them.
  bool holes = c->readable.loaded() && c->readable.heap_has_holes();
  const SlotIndex &x = c->index;
  bool full = g->detail == kGraphFull;
  for (uptr k = p->first_segment; k < p->last_segment; k++) {
    const Segment &s = c->segments[k];
    uptr stride = SlotStride(s.region), base = RegionBase(s.region);
    ChunkMeta *meta = RegionMeta(s.region);
    const u64 *words = x.bits.begin() + x.word_base[s.region];
    u32 i = s.first_node;
    for (uptr w = s.first / 64; w * 64 < s.last; w++)
      for (u64 bits = words[w]; bits; bits &= bits - 1, i++) {
        uptr slot = w * 64 + __builtin_ctzll(bits), begin = base + slot * stride;
        ChunkMeta *m = &meta[slot];
        uptr size = ChunkSize(begin, m), end = begin + size;
        if (full) g->node_begin[i] = begin;
        g->node_size[i] = size < kBigNodeSize ? (u32)size : kBigNodeSize;
        if (LS_UNLIKELY(size >= kBigNodeSize)) p->big.push_back({i, size});
        g->node_stack[i] = MetaStackId(m);
        uptr first = dst->size();
        g->node_edges[i] = (u32)first;
        if (!holes) {
          ScanWords(c, {dst, off}, begin, end, begin);
        } else {
          // src_off stays relative to the chunk: ScanWords numbers words from its `lo`.
          c->readable.ForEachReadable(begin, end, [&](uptr a, uptr b) {
            uptr before = dst->size();
            ScanWords(c, {dst, off}, a, b, begin);
            if (off)
              for (uptr e = before; e < dst->size(); e++) (*off)[e].src_off += (u32)(a - begin);
          });
        }
        g->single_edge[i] = dst->size() == first + 1 ? (*dst)[first] : kNoSingleEdge;
      }
  }
}

// The slot index's popcount is one instruction where the CPU has it (every x86-64 CPU
// since 2008-2011; the runtime is built for the baseline, where it is a dozen).
__attribute__((target("popcnt"))) static void ScanNodeRangePopcnt(ScanPart *p) { ScanNodeRangeBody(p); }
static void ScanNodeRangeBaseline(ScanPart *p) { ScanNodeRangeBody(p); }

static void ScanNodeRange(ScanPart *p) {
  if (p->c->popcnt) ScanNodeRangePopcnt(p);
  else ScanNodeRangeBaseline(p);
}

// Splits the segments into runs of about equal bytes, scans them on helper threads (a
// part whose thread cannot start is scanned by the calling thread) and waits for them.
static void ScanNodes(Capture *c) {
  HeapGraph *g = c->g;
  uptr n = g->NumNodes();
  g->node_edges.resize(n + 1);
  g->single_edge.resize(n);
  int parts = PartsFor(n, 4096);
  uptr cut[kMaxScanParts + 1];
  CutSegments(c->segments, parts, c->node_bytes, [](const Segment &s) { return s.bytes; }, cut);
  auto first_node = [&](uptr k) { return k < c->segments.size() ? c->segments[k].first_node : n; };
  for (int j = 0; j < parts; j++) {
    ScanPart &p = c->part[j];
    p.c = c;
    p.first_segment = cut[j];
    p.last_segment = cut[j + 1];
    p.first = first_node(cut[j]);
    p.last = first_node(cut[j + 1]);
  }
  c->parts = parts;
  RunParts<ScanPart, ScanNodeRange>(c->part, parts);
  for (int j = 0; j < parts; j++)
    for (const BigNodeSize &b : c->part[j].big) g->big_sizes.push_back(b);
}

// After the world resumed: the parts' edges after part 0's, their node_edges made
// absolute.
// A copy faults in the fresh end of its array: its upper half goes to a helper thread.
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

static void CopySplit(void *dst, const void *src, uptr bytes) {
  uptr half = bytes >= (1 << 18) ? RoundDown(bytes / 2, 64) : 0;
  CopyJob job = {(char *)dst + half, (const char *)src + half, bytes - half, {}};
  bool helped = half && StartHelperThread(&job.thread, CopyMain, &job);
  if (!helped) half = bytes;  // the caller copies it all
  memcpy(dst, src, half);
  if (helped) JoinHelperThread(&job.thread);
}

template <typename T>
static void Append(InternalVector<T> *to, uptr at, InternalVector<T> *from) {
  if (from->size()) CopySplit(to->begin() + at, from->begin(), from->size() * sizeof(T));
  from->Reset();
}

static void JoinEdgeParts(Capture *c) {
  HeapGraph *g = c->g;
  bool full = g->detail == kGraphFull;
  uptr total = g->NumEdges();
  for (int j = 1; j < c->parts; j++) total += c->part[j].dst.size();
  uptr base = g->NumEdges();
  g->edge_dst.resize(total);
  if (full) g->edge_off.resize(total);
  for (int j = 1; j < c->parts; j++) {
    ScanPart &p = c->part[j];
    uptr m = p.dst.size();
    Append(&g->edge_dst, base, &p.dst);
    if (full) Append(&g->edge_off, base, &p.off);
    for (uptr i = p.first; i < p.last; i++) g->node_edges[i] += (u32)base;
    base += m;
  }
  g->node_edges[g->NumNodes()] = (u32)g->NumEdges();
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
    for (const IgnoredChunk &ch : c->list_part[j].ignored) {
      GraphRoot root = {};
      root.lo = ch.begin;
      root.hi = root.lo + ch.size;
      root.kind = kRootIgnored;
      root.first_edge = (u32)g->NumEdges();
      g->edge_dst.push_back(NodeOfSlot(c->index, ch.region, ch.slot));
      g->edge_off.push_back({0, 0});
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

void CaptureHeapGraph(HeapGraph *g, GraphDetail detail) {
  Capture c;
  c.g = g;
  unsigned eax, ebx, ecx, edx;
  c.popcnt = !g_capture_without_popcnt && __get_cpuid(1, &eax, &ebx, &ecx, &edx) && (ecx & bit_POPCNT);
  g->detail = detail;
  g->captured = false;
  ScopedLeakCheckLock l;
  GatherGlobals(&c.globals);
  dl_iterate_phdr(CodeRangesCb, &c.code);
  RunWithWorldStopped(CaptureWorldStoppedCb, &c);
  if (g->captured) JoinEdgeParts(&c);
  if (g_options.verbosity >= 2)
    Warn("heap graph captured: %zu block(s), %zu pointer(s), %zu root range(s); world stopped %.1f ms",
         (size_t)g->NumNodes(), (size_t)g->NumEdges(), (size_t)g->roots.size(), g->capture_ns / 1e6);
}

}  // namespace leakscope

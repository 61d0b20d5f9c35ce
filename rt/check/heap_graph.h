// The heap graph: every allocated chunk, every root range the leak check scans, and
// every pointer between them, captured in one stop of the world so that the retention
// analyses (pinned blocks, retention paths, dominators) run on it after the threads
// resume.
//
// Invariants of a captured graph (arrays by node or edge, struct-of-arrays: the
// retention profile reads only a node's stack id and size and an edge's target, and the
// page faults of fresh arrays are a large part of its time, so it captures no more):
//  * nodes are the allocated chunks in ascending address order (each size class's slots,
//    then the large region's pages); a node's begin, size and stack id are copies (the
//    chunk may be freed once the world resumes, the graph does not change). Begin(i) is
//    kept only by a kGraphFull capture; Size(i) is node_size[i], or for a size of
//    kBigNodeSize bytes or more the entry in big_sizes;
//  * roots are the ranges the check scans (check/roots.h, the thread roots), in the
//    check's order, each with a kind and, for thread roots, the thread's kernel id;
//    an ignored chunk (__lsan_ignore_object, loader allocations) is a root of kind
//    kRootIgnored with one edge, to its own node;
//  * edges: an aligned word of a root or of a chunk that points into a chunk (interior
//    pointers included, as the marker counts them; a chunk's pointers to itself are
//    left out). Root r's edges are [roots[r].first_edge, + num_edges), all of them
//    before node 0's; node i's [node_edges[i], node_edges[i + 1]). edge_dst[e] is the
//    target node; edge_off[e] the word's offset in its range and the offset it points
//    to in the target (both clamped to 2^32-1), for every edge in a kGraphFull capture
//    and for the root edges (e < node_edges[0]) in a kGraphRetention one;
//  * single_edge[i] is the dst of node i's only edge when it has exactly one, else
//    kNoSingleEdge: the dominators' search follows a linked list through it, one random
//    read a block (check/dominators.h, FlowGraph::tail_single); written by the scan,
//    where the edge is at hand;
//  * stack roots carry the frames the range spans (FrameSpan, from the frame-pointer
//    chain), so a word can be named by the function whose frame holds it.
// Capture allocates only InternalVector memory (world stopped) and symbolizes nothing.
#pragma once

#include "base/internal_alloc.h"

namespace leakscope {

enum RootKind : u8 {
  kRootGlobal,     // writable data of a loaded module
  kRootStack,      // a thread's stack
  kRootTls,        // a thread's static TLS and TCB
  kRootRegisters,  // a stopped thread's saved registers
  kRootRegion,     // __lsan_register_root_region
  kRootThreadArg,  // a thread's start argument or unjoined return value
  kRootIgnored,    // an ignored chunk
  kRootMapping,    // an anonymous mapping of the program's (use_mmap; mapped_roots.h)
};

// Where an edge lies in its source range and where it points in its target.
struct EdgeOffsets {
  u32 src_off;  // offset of the pointer in its source range
  u32 dst_off;  // offset it points to in dst
};

// A node of kBigNodeSize bytes or more (node_size holds kBigNodeSize).
struct BigNodeSize {
  u32 node;
  uptr size;
};

constexpr u32 kBigNodeSize = 0xFFFFFFFFu;

// Words in [previous span's hi, hi) of a stack root lie in the frame of the function
// containing pc (0: unknown). Spans of a root ascend.
struct FrameSpan {
  uptr hi;
  uptr pc;
};

struct GraphRoot {
  uptr lo, hi;
  u32 tid;
  RootKind kind;
  u32 first_edge, num_edges;
  u32 first_span, num_spans;
};

constexpr u32 kNoSingleEdge = 0xFFFFFFFFu;

// What a capture keeps: everything (the exit reports, stale paths, pinned blocks), or
// what the retention profile reads (no node begins, no offsets of the heap's edges).
enum GraphDetail : u8 { kGraphFull, kGraphRetention };

struct HeapGraph {
  GraphDetail detail = kGraphFull;
  InternalVector<uptr> node_begin;  // kGraphFull only
  InternalVector<u32> node_size;    // bytes requested, or kBigNodeSize: see big_sizes
  InternalVector<u32> node_stack;   // stack depot id
  InternalVector<BigNodeSize> big_sizes;  // ascending node
  InternalVector<u32> node_edges;   // NumNodes() + 1 entries
  InternalVector<u32> single_edge;  // NumNodes() entries (empty before a capture)
  InternalVector<GraphRoot> roots;
  InternalVector<u32> edge_dst;
  InternalVector<EdgeOffsets> edge_off;  // every edge, or the root edges (see above)
  InternalVector<FrameSpan> spans;
  u64 capture_ns = 0;  // the world was stopped this long
  bool captured = false;

  uptr NumNodes() const { return node_size.size(); }
  uptr NumEdges() const { return edge_dst.size(); }
  uptr Begin(u32 node) const { return node_begin[node]; }
  uptr Size(u32 node) const {
    u32 s = node_size[node];
    return LS_LIKELY(s != kBigNodeSize) ? s : BigSize(node);
  }
  u32 StackId(u32 node) const { return node_stack[node]; }
  // The node containing address p, or -1 (binary search; kGraphFull only).
  intptr_t NodeAt(uptr p) const;

 private:
  uptr BigSize(u32 node) const;
};

// Stops the world, captures the graph, resumes. Takes the leak check lock.
void CaptureHeapGraph(HeapGraph *g, GraphDetail detail = kGraphFull);

// The scan uses POPCNT where cpuid reports it; true makes it take the baseline copy (for
// the tests, on a CPU that has POPCNT).
extern bool g_capture_without_popcnt;

}  // namespace leakscope

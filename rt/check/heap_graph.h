// The heap graph: every allocated chunk, every root range the leak check scans, and
// every pointer between them, captured in one stop of the world so that the retention
// analyses (pinned blocks, retention paths, dominators) run on it after the threads
// resume.
//
// Invariants of a captured graph:
//  * nodes are the allocated chunks in ascending address order; a node's begin, size
//    and stack id are copies (the chunk may be freed once the world resumes, the graph
//    does not change);
//  * roots are the ranges the check scans (check/roots.h, the thread roots), in the
//    check's order, each with a kind and, for thread roots, the thread's kernel id;
//    an ignored chunk (__lsan_ignore_object, loader allocations) is a root of kind
//    kRootIgnored with one edge, to its own node;
//  * edges: an aligned word of a root or of a chunk that points into a chunk (interior
//    pointers included, as the marker counts them; a chunk's pointers to itself are
//    left out). Root r's edges are edges[roots[r].first_edge, + num_edges), node i's
//    edges[node_edges[i], node_edges[i + 1]); src_off is the word's offset in its
//    range, dst_off the offset it points to in the target chunk (both clamped to 2^32-1);
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

struct GraphNode {
  uptr begin;
  uptr size;  // bytes requested
  u32 stack_id;
  u32 pad;
};

struct GraphEdge {
  u32 dst;      // node index
  u32 src_off;  // offset of the pointer in its source range
  u32 dst_off;  // offset it points to in dst
};

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

struct HeapGraph {
  InternalVector<GraphNode> nodes;
  InternalVector<u32> node_edges;  // nodes.size() + 1 entries
  InternalVector<u32> single_edge;  // nodes.size() entries (empty before a capture)
  InternalVector<GraphRoot> roots;
  InternalVector<GraphEdge> edges;
  InternalVector<FrameSpan> spans;
  u64 capture_ns;  // the world was stopped this long
  bool captured;

  // The node containing address p, or -1 (binary search).
  intptr_t NodeAt(uptr p) const;
};

// Stops the world, captures the graph, resumes. Takes the leak check lock.
void CaptureHeapGraph(HeapGraph *g);

}  // namespace leakscope

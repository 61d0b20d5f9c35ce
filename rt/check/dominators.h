// Dominators of a flow graph: vertex d dominates v when every path from the root to v
// passes through d; idom(v) is the dominator of v closest to it. In the heap graph (with
// a virtual root above the named roots) idom(v) is the block or root that alone keeps v
// alive, and the dominator tree's subtree sizes are retained sizes (as in Eclipse MAT).
//
// Algorithm: semi-NCA, from L. Georgiadis, R. E. Tarjan and R. F. Werneck, "Finding
// Dominators in Practice", Journal of Graph Algorithms and Applications 10(1), 2006,
// itself built on the semi-dominators of T. Lengauer and R. E. Tarjan, "A Fast Algorithm
// for Finding Dominators in a Flowgraph", ACM TOPLAS 1(1), 1979. O(m log n) with the
// simple path compression used here, near-linear in practice. Phases (dominators.cpp):
//   1. DepthFirstNumbering  preorder numbers and DFS-tree parents from the root, and the
//                            non-tree edges (a chain of single-successor tail vertices,
//                            FlowGraph::tail_single, followed without stack frames);
//   2. SortNonTreeEdges     the non-tree edges by target (a radix sort of that list
//                            only: heap graphs are mostly trees, so it is short);
//   3. SemiDominators       in reverse preorder, via the non-tree in-edges (the DFS
//                            parent is the other predecessor) and path compression;
//   4. NearestCommonAncestor idom(v) = the nearest ancestor of parent(v) in the tree so
//                            far whose number is at most semi(v).
// A vertex whose only predecessor is its DFS parent (most heap blocks) costs no
// evaluation in phase 3 and one comparison in phase 4: its idom is its parent.
// VerifyDominators checks a result independently of how it was computed.
//
// All memory comes from InternalVector; no locks, no symbolization: it runs after the
// world resumed.
#pragma once

#include "base/internal_alloc.h"

namespace leakscope {

constexpr u32 kNoDominator = 0xFFFFFFFFu;

// Vertices [0, n), root 0, in two parts so that the heap graph is read where it lies
// (no copy of its million edges):
//  * the head [0, head): CSR, successors of v in succ[succ_start[v], succ_start[v + 1]);
//  * the tail [head, n): vertex head + x has the successors head + tail_dst[e]
//    for e in [tail_start[x], tail_start[x + 1]) (the heap graph's edge_dst).
// Weak vertices (weak[v] != 0, head vertices only; weak may be null): a weak vertex's
// edges to vertices that the root reaches without passing through any weak vertex are
// not part of the graph (a thread's stack holding a block a global holds as well;
// report/retention_tree.h). Precondition: a weak vertex's only predecessor is the root.
struct FlowGraph {
  u32 n;
  u32 head;
  const u32 *succ_start;  // head + 1 entries
  const u32 *succ;
  const u32 *tail_start;  // n - head + 1 entries (unused when head == n)
  const u32 *tail_dst;
  const u8 *weak;
  // Optional (may be null): per tail vertex x, the tail index of its only successor
  // when it has exactly one (tail_dst[tail_start[x]]), else kNoDominator. The
  // search follows such chains (a linked list's blocks) with one random read a block
  // instead of two dependent ones (tail_start, then the edge).
  const u32 *tail_single = nullptr;

  // A plain CSR graph: every vertex in the head.
  static FlowGraph Csr(u32 n, const u32 *start, const u32 *succ, const u8 *weak = nullptr) {
    return {n, n, start, succ, nullptr, nullptr, weak, nullptr};
  }
};

struct DominatorTree {
  InternalVector<u32> idom;   // per vertex (when by_vertex); idom[0] = 0; kNoDominator: unreachable
  InternalVector<u32> order;  // reachable vertices in DFS preorder (order[0] = 0):
                              // idom[v] comes before v, so one pass in this order
                              // visits parents before children
  // The same tree by preorder number, for passes that want locality: number[v] is v's
  // index in `order` (kNoDominator: unreachable), idom_number[i] the number of
  // order[i]'s idom (< i for i > 0).
  InternalVector<u32> number;
  InternalVector<u32> idom_number;
};

// by_vertex=false leaves `idom` empty (number space only: one random pass less, for
// the retention tree; VerifyDominators needs `idom`).
void ComputeDominators(const FlowGraph &g, DominatorTree *t, bool by_vertex = true);

// Checks t against g: the root is its own idom; exactly the vertices reachable from the
// root have one; every tree parent dominates (for every edge u -> v from a reachable u,
// idom(v) is an ancestor of u in the tree: the parent property); and, when `exhaustive`,
// that each idom is immediate (no sibling dominates another: removing a vertex leaves
// every sibling reachable; O(n * m), for tests). Writes the first failure to `why`.
bool VerifyDominators(const FlowGraph &g, const DominatorTree &t, bool exhaustive, const char **why);

}  // namespace leakscope

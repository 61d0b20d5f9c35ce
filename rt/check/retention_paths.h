// Retention paths: why a reachable chunk is still reachable. A breadth-first search of
// the heap graph (heap_graph.h) from every root at once gives each reachable node the
// edge it was first reached by, so following parents from a node back to a root gives
// one shortest path (fewest pointers) from any root to it. Roots are searched in the
// graph's order (the check's root order), so ties go to the earlier root.
//
// Runs after the world resumed, on the captured graph; memory from InternalVector.
#pragma once

#include "check/heap_graph.h"

namespace leakscope {

constexpr u32 kNoParent = 0xFFFFFFFFu;
constexpr u32 kParentIsRoot = 0x80000000u;

struct GraphReach {
  // Per node: kNoParent (unreachable), or the source: a node index, or
  // kParentIsRoot | root index; parent_edge: the edge it came by.
  InternalVector<u32> parent;
  InternalVector<u32> parent_edge;
  InternalVector<u32> depth;  // pointers on the path from a root (1: a root holds it)
  bool Reachable(u32 node) const { return parent[node] != kNoParent; }
};

void ComputeReach(const HeapGraph &g, GraphReach *r);

// One step of a path: a root (index into g.roots) or a node, and the offset of the
// pointer it holds to the next step (or to the target).
struct PathStep {
  bool root;
  u32 index;
  u32 offset;
};

// Writes the path to `node`, root first, target excluded, into out[0, max); returns
// the number of steps (0 when unreachable). A path longer than `max` keeps its first
// max - 1 steps and its last one; *elided tells how many were dropped.
u32 RetentionPath(const HeapGraph &g, const GraphReach &r, u32 node, PathStep *out, u32 max,
                  u32 *elided);

}  // namespace leakscope

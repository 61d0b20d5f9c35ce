// Which roots share a block that no single root dominates.
//
// In the retention tree (retention_tree.h) a block held through two roots has the
// virtual root as its immediate dominator; the retention profile put all of them under
// one "(several roots)" frame, which named none: in a Python process a third of the
// heap sat there with nothing to go on. SharedRoots finds, for each such block (a
// "shared top": a block whose idom is the virtual root), two named roots that reach it
// and whether more do, so the frame can say "(several roots: global g_a (app), mapping
// 0x7f00...)" and the profile splits by who shares.
//
// How: every vertex the tree puts under a named root carries that root as its label;
// labels flow along the flow graph's edges into the shared region (the vertices under
// the virtual root) and through it, each vertex keeping at most two distinct labels and
// a "more" flag, so a vertex changes at most three times (O(vertices + edges) over the
// shared region, plus one sequential pass over every edge to find those entering it).
// Which named root is above a vertex comes from one pass over the tree in preorder,
// and only the shared vertices get slots (few, in a real heap; the tree has a
// million). A shared vertex always
// ends with two labels: were one root R behind every path into it, R would dominate it.
// The weak-root rule of the tree is kept: a thread's stack or registers reach a block
// directly only when no strong root does (those edges flow in a second round, after the
// strong labels have shown which shared vertices strong roots reach).
// Runs after the world resumed; memory from InternalVector.
#pragma once

#include "report/retention_tree.h"

namespace leakscope {

struct SharedRoots {
  // For a shared vertex (by preorder number): the two named roots found (vertex ids
  // 1..K, in the order found) and whether a third reaches it. False elsewhere.
  bool Get(u32 number, u32 *first, u32 *second, bool *more) const;

  // Per shared vertex, by slot (slot_of: number + 1 -> slot).
  KeyMap slot_of;
  InternalVector<u32> number, first, second;
  InternalVector<u8> more, strong;
};

// Fills *out; leaves it empty when no block is shared (the common case: one sequential
// pass over the tree).
void FindSharedRoots(const RetentionTree &t, SharedRoots *out);

}  // namespace leakscope

// The retention tree: the heap graph's dominator tree under named roots, with retained
// sizes. Shared by the exit-time records (a path's root says what it retains) and the
// retention profile (profile/retention_profile.h).
//
// Vertices: 0 is a virtual root; 1 .. K the named roots, one per distinct root name
// (FormatRoot without offsets: `global g_index (app)`, `stack of thread 12 in f() a.cpp:3`,
// `tls of thread 12`, ...), each with an edge from 0; K + 1 + i is block i of the graph.
// Edges: a named root to every block its ranges point to, and the graph's pointers;
// but a thread's stack or registers (weak roots, retention_tree.cpp) get no edge to a
// block that a global, TLS or other strong root reaches as well.
// retained_*[i] sums the blocks the dominator subtree of the vertex numbered i holds
// (itself included); Retained() looks a vertex up.
// Built after the world resumed; memory from InternalVector.
#pragma once

#include "base/key_map.h"
#include "check/dominators.h"
#include "check/heap_graph.h"

namespace leakscope {

struct RetentionTree {
  const HeapGraph *g;
  u32 num_named;
  InternalVector<u64> name_offset;  // per named root: its name in `names`
  InternalVector<char> names;
  KeyMap by_name;                   // name hash -> named root
  InternalVector<u32> edge_root;    // per root edge: its named root
  // The flow graph's head (dominators.h): the virtual root and the named roots.
  InternalVector<u32> succ_start, succ;
  InternalVector<u8> weak;  // per head vertex: a weak named root
  FlowGraph Flow() const;
  DominatorTree dom;
  InternalVector<u64> retained_bytes, retained_objects;

  u32 BlockVertex(u32 node) const { return 1 + num_named + node; }
  // What vertex v retains (0 when unreachable).
  u64 RetainedBytes(u32 v) const {
    return dom.number[v] == kNoDominator ? 0 : retained_bytes[dom.number[v]];
  }
  u64 RetainedObjects(u32 v) const {
    return dom.number[v] == kNoDominator ? 0 : retained_objects[dom.number[v]];
  }
  const char *Name(u32 named) const { return &names[name_offset[named]]; }
  // The named root called `name`, or kNoDominator.
  u32 FindNamed(const char *name) const;
};

// Builds the tree; with verbosity>=2 checks it (VerifyDominators) and returns false,
// with the reason in *why, when the check fails.
// sizes=false skips retained_* (the retention profile needs none: pprof sums its
// samples along the paths itself).
bool BuildRetentionTree(const HeapGraph &g, RetentionTree *t, const char **why, bool sizes = true);

}  // namespace leakscope

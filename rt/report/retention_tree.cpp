// The retention tree (retention_tree.h): NameRoots, BuildFlowGraph, the dominators
// (checked with the linear VerifyDominators when verbosity>=2), RetainedSizes.
#include "report/retention_tree.h"

#include <string.h>

#include "base/report_io.h"
#include "options.h"
#include "report/retention_report.h"

namespace leakscope {

u32 RetentionTree::FindNamed(const char *name) const {
  return by_name.Get(MixKey(HashString(name, strlen(name))), kNoDominator);
}

// One named root per distinct name (a 64-bit hash names a name: a collision would merge
// two roots, one chance in 2^64 per pair).
static void NameRoots(RetentionTree *t) {
  const HeapGraph &g = *t->g;
  u32 root_edges = g.node_edges.size() ? g.node_edges[0] : (u32)g.NumEdges();
  t->edge_root.resize(root_edges);
  t->num_named = 0;
  for (uptr r = 0; r < g.roots.size(); r++) {
    const GraphRoot &root = g.roots[r];
    for (u32 e = root.first_edge; e < root.first_edge + root.num_edges; e++) {
      LineBuffer text;
      PathStep s = {true, (u32)r, g.edge_off[e].src_off};
      FormatRoot(g, s, &text, false);
      bool fresh;
      u32 named = t->by_name.GetOrPut(MixKey(HashString(text.data(), text.size())), t->num_named, &fresh);
      if (fresh) {
        t->name_offset.push_back(t->names.size());
        for (uptr i = 0; i < text.size(); i++) t->names.push_back(text.data()[i]);
        t->names.push_back(0);
        t->num_named++;
      }
      t->edge_root[e] = named;
    }
  }
}

// A thread's stack and registers are weak roots: a block a global (or TLS, a root region,
// ...) reaches as well, directly or through other blocks, is counted under that root
// only. Conservative scanning sees stale copies in them all the time (a pointer a
// finished call left in a register, or in a slot of sleep()'s frame that reuses a dead
// frame), and a thread working on a structure holds a pointer into its middle: a block
// held by two roots is dominated by neither, so without this rule a running program's
// registry shows up as "(several roots)" instead of the global that holds it for good.
// A block no strong root reaches stays under the stack or register that holds it.
static bool WeakRoot(RootKind k) { return k == kRootStack || k == kRootRegisters; }

// The flow graph: the virtual root and the named roots in its head (root -> every named
// root, a named root -> every block its ranges point to), the heap graph's own CSR as its
// tail, read in place. Weak named roots lose their edges to blocks a strong root reaches
// inside the dominator computation (FlowGraph::weak), which finds those blocks in the
// same depth-first search that numbers them.
static void BuildFlowGraph(RetentionTree *t) {
  const HeapGraph &g = *t->g;
  u32 k = t->num_named;
  InternalVector<u32> &start = t->succ_start;
  start.resize(k + 2);
  t->weak.resize(k + 1);
  start[1] = k;
  for (uptr r = 0; r < g.roots.size(); r++)
    for (u32 e = g.roots[r].first_edge; e < g.roots[r].first_edge + g.roots[r].num_edges; e++) {
      start[1 + t->edge_root[e] + 1]++;
      t->weak[1 + t->edge_root[e]] = WeakRoot(g.roots[r].kind);
    }
  for (u32 x = 0; x < k + 1; x++) start[x + 1] += start[x];
  t->succ.resize(start[k + 1]);
  InternalVector<u32> fill;
  fill.resize(1 + k);
  for (u32 r = 0; r < k; r++) t->succ[r] = 1 + r;
  for (u32 e = 0; e < t->edge_root.size(); e++) {
    u32 x = 1 + t->edge_root[e];
    t->succ[start[x] + fill[x]++] = 1 + k + g.edge_dst[e];
  }
}

static_assert(kNoSingleEdge == kNoDominator, "HeapGraph::single_edge is FlowGraph::tail_single");

FlowGraph RetentionTree::Flow() const {
  u32 k = num_named;
  return {1 + k + (u32)g->NumNodes(), 1 + k, succ_start.begin(), succ.begin(),
          g->node_edges.begin(), g->edge_dst.begin(), weak.begin(),
          g->single_edge.size() == g->NumNodes() && g->NumNodes() ? g->single_edge.begin() : nullptr};
}

// Children before parents: the preorder, backwards, in number space (a list's nodes
// have consecutive numbers, so the parent's accumulator is usually the one just read).
static void RetainedSizes(RetentionTree *t) {
  u32 n = (u32)t->dom.order.size(), k = t->num_named;
  t->retained_bytes.resize(n);
  t->retained_objects.resize(n);
  u64 *bytes = t->retained_bytes.begin(), *objects = t->retained_objects.begin();
  const u32 *order = t->dom.order.begin(), *idom = t->dom.idom_number.begin();
  for (u32 i = n; i-- > 1;) {
    u32 x = order[i];
    if (x > k) {
      bytes[i] += t->g->Size(x - 1 - k);
      objects[i]++;
    }
    bytes[idom[i]] += bytes[i];
    objects[idom[i]] += objects[i];
  }
}

bool BuildRetentionTree(const HeapGraph &g, RetentionTree *t, const char **why, bool sizes) {
  t->g = &g;
  NameRoots(t);
  BuildFlowGraph(t);
  FlowGraph flow = t->Flow();
  // The linear check costs about a third of the computation (and the per-vertex idom
  // it reads one more pass): on with verbosity>=2.
  bool check = g_options.verbosity >= 2;
  ComputeDominators(flow, &t->dom, check);
  *why = "";
  if (check && !VerifyDominators(flow, t->dom, false, why)) return false;
  if (sizes) RetainedSizes(t);
  return true;
}

}  // namespace leakscope

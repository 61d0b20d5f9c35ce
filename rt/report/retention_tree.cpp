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
  u32 root_edges = g.node_edges.size() ? g.node_edges[0] : (u32)g.edges.size();
  t->edge_root.resize(root_edges);
  t->num_named = 0;
  for (uptr r = 0; r < g.roots.size(); r++) {
    const GraphRoot &root = g.roots[r];
    for (u32 e = root.first_edge; e < root.first_edge + root.num_edges; e++) {
      LineBuffer text;
      PathStep s = {true, (u32)r, g.edges[e].src_off};
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

// Marks in *reach the blocks the strong roots reach (breadth-first over the graph).
static void StrongReach(const HeapGraph &g, InternalVector<u8> *reach) {
  InternalVector<u32> queue;
  auto visit = [&](u32 node) {
    if ((*reach)[node]) return;
    (*reach)[node] = 1;
    queue.push_back(node);
  };
  for (uptr r = 0; r < g.roots.size(); r++)
    if (!WeakRoot(g.roots[r].kind))
      for (u32 e = g.roots[r].first_edge; e < g.roots[r].first_edge + g.roots[r].num_edges; e++)
        visit(g.edges[e].dst);
  for (uptr head = 0; head < queue.size(); head++) {
    u32 node = queue[head];
    for (u32 e = g.node_edges[node]; e < g.node_edges[node + 1]; e++) visit(g.edges[e].dst);
  }
}

static void BuildFlowGraph(RetentionTree *t) {
  const HeapGraph &g = *t->g;
  u32 k = t->num_named, n = (u32)g.nodes.size(), v = 1 + k + n;
  // Root edges kept: every edge of a strong root; a weak root's edge only to a block no
  // strong root reaches.
  InternalVector<u8> strong, keep;
  strong.resize(n);
  keep.resize(t->edge_root.size());
  StrongReach(g, &strong);
  for (uptr r = 0; r < g.roots.size(); r++)
    for (u32 e = g.roots[r].first_edge; e < g.roots[r].first_edge + g.roots[r].num_edges; e++)
      keep[e] = !WeakRoot(g.roots[r].kind) || !strong[g.edges[e].dst];
  InternalVector<u32> &start = t->succ_start;
  start.resize(v + 1);
  start[1] = k;
  for (u32 e = 0; e < t->edge_root.size(); e++)
    if (keep[e]) start[1 + t->edge_root[e] + 1]++;
  for (u32 i = 0; i < n; i++) start[1 + k + i + 1] = g.node_edges[i + 1] - g.node_edges[i];
  for (u32 x = 0; x < v; x++) start[x + 1] += start[x];
  t->succ.resize(start[v]);
  InternalVector<u32> fill;
  fill.resize(1 + k);
  for (u32 r = 0; r < k; r++) t->succ[r] = 1 + r;
  for (u32 e = 0; e < t->edge_root.size(); e++) {
    if (!keep[e]) continue;
    u32 x = 1 + t->edge_root[e];
    t->succ[start[x] + fill[x]++] = 1 + k + g.edges[e].dst;
  }
  for (u32 i = 0; i < n; i++) {
    u32 out = start[1 + k + i];
    for (u32 e = g.node_edges[i]; e < g.node_edges[i + 1]; e++) t->succ[out++] = 1 + k + g.edges[e].dst;
  }
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
      bytes[i] += t->g->nodes[x - 1 - k].size;
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
  FlowGraph flow = {(u32)t->succ_start.size() - 1, t->succ_start.begin(), t->succ.begin()};
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

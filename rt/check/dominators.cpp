// Semi-NCA dominators and their checker (dominators.h). Inside the algorithm vertices
// are named by preorder number (0 .. N-1 for the N reachable vertices); `vertex` maps
// a number back to its vertex. Most work walks numbers in order: random accesses by
// vertex happen once per edge in the DFS and once per vertex at the end.
#include "check/dominators.h"

namespace leakscope {

namespace {
// What the phases keep per preorder number, together: the phases visit numbers in
// order but a number's fields in a burst, one cache line instead of five arrays.
struct Info {
  u32 parent;  // DFS-tree parent (a number)
  u32 semi;    // semi-dominator (a number)
  u32 label;   // number of minimal semi on the compressed path
  u32 link;    // compressed forest link (a number); starts as parent
  u32 idom;    // (a number)
};

struct SemiNca {
  InternalVector<u32> pre;     // vertex -> preorder number, kNoDominator: not reached
  InternalVector<u32> vertex;  // preorder number -> vertex
  InternalVector<Info> info;   // per number
  // The non-tree edges (source, target numbers), bucketed by target: a vertex's
  // predecessors are its DFS parent and the sources of its non-tree in-edges, and the
  // parent needs no evaluation (it is its own candidate). Heap graphs are mostly trees,
  // so this list is short and no predecessor list of every vertex is ever built.
  InternalVector<u32> nontree_src, nontree_dst;
  InternalVector<u32> in_start, in_src;  // per number: sources [in_start[i], in_start[i+1])
};
}  // namespace

// Phase 1: iterative DFS from the root, preorder numbers, DFS parents, non-tree edges.
static void DepthFirstNumbering(const FlowGraph &g, SemiNca *s) {
  s->pre.resize(g.n);
  for (u32 v = 0; v < g.n; v++) s->pre[v] = kNoDominator;
  InternalVector<u32> stack, next_edge;
  s->pre[0] = 0;
  s->vertex.push_back(0);
  s->info.push_back({0, 0, 0, 0, 0});
  stack.push_back(0);
  next_edge.push_back(g.succ_start[0]);
  while (!stack.empty()) {
    u32 v = stack.back();
    u32 &e = next_edge.back();
    if (e == g.succ_start[v + 1]) {
      stack.pop_back();
      next_edge.pop_back();
      continue;
    }
    u32 w = g.succ[e++];
    u32 pw = s->pre[w];
    if (pw != kNoDominator) {
      s->nontree_src.push_back(s->pre[v]);
      s->nontree_dst.push_back(pw);
      continue;
    }
    u32 num = (u32)s->vertex.size();
    s->pre[w] = num;
    s->vertex.push_back(w);
    u32 parent = s->pre[v];
    s->info.push_back({parent, num, num, parent, parent});
    stack.push_back(w);
    next_edge.push_back(g.succ_start[w]);
  }
}

// The non-tree in-edges of each number, as CSR (a counting sort by target).
static void BucketNonTreeEdges(SemiNca *s) {
  u32 n = (u32)s->vertex.size(), m = (u32)s->nontree_dst.size();
  s->in_start.resize(n + 1);
  for (u32 e = 0; e < m; e++) s->in_start[s->nontree_dst[e] + 1]++;
  for (u32 i = 0; i < n; i++) s->in_start[i + 1] += s->in_start[i];
  s->in_src.resize(m);
  InternalVector<u32> fill;
  fill.resize(n);
  for (u32 e = 0; e < m; e++) {
    u32 d = s->nontree_dst[e];
    s->in_src[s->in_start[d] + fill[d]++] = s->nontree_src[e];
  }
}

// The number with minimal semi on the forest path above v (v included), compressing the
// path: only numbers >= last are linked into the forest yet.
static u32 Eval(SemiNca *s, u32 v, u32 last, InternalVector<u32> *stack) {
  Info *in = s->info.begin();
  if (in[v].link < last) return in[v].label;
  stack->clear();
  u32 x = v;
  do {
    stack->push_back(x);
    x = in[x].link;
  } while (in[x].link >= last);
  u32 p = x;  // the topmost vertex on the path still linked
  while (!stack->empty()) {
    u32 y = stack->back();
    stack->pop_back();
    in[y].link = in[p].link;
    if (in[in[p].label].semi < in[in[y].label].semi) in[y].label = in[p].label;
    p = y;
  }
  return in[v].label;
}

// Phase 2: semi-dominators, in reverse preorder.
static void SemiDominators(SemiNca *s) {
  u32 n = (u32)s->vertex.size();
  Info *in = s->info.begin();
  InternalVector<u32> stack;
  for (u32 i = n - 1; i >= 1; i--) {
    u32 sd = in[i].parent;
    for (u32 e = s->in_start[i]; e < s->in_start[i + 1]; e++) {
      u32 u = Eval(s, s->in_src[e], i + 1, &stack);
      if (in[u].semi < sd) sd = in[u].semi;
    }
    in[i].semi = sd;
  }
}

// Phase 3: idom(i) is the nearest ancestor of parent(i) in the dominator tree built so
// far (all numbers below i are final) whose number is at most semi(i).
static void NearestCommonAncestor(SemiNca *s) {
  u32 n = (u32)s->vertex.size();
  Info *in = s->info.begin();
  for (u32 i = 1; i < n; i++) {
    u32 c = in[i].idom;  // starts as parent
    while (c > in[i].semi) c = in[c].idom;
    in[i].idom = c;
  }
}

void ComputeDominators(const FlowGraph &g, DominatorTree *t, bool by_vertex) {
  t->idom.clear();
  if (by_vertex) {
    t->idom.resize(g.n);
    for (u32 v = 0; v < g.n; v++) t->idom[v] = kNoDominator;
  }
  t->order.clear();
  t->idom_number.clear();
  if (!g.n) return;
  SemiNca s;
  DepthFirstNumbering(g, &s);
  BucketNonTreeEdges(&s);
  SemiDominators(&s);
  NearestCommonAncestor(&s);
  u32 n = (u32)s.vertex.size();
  t->order.resize(n);
  t->idom_number.resize(n);
  for (u32 i = 0; i < n; i++) {
    t->order[i] = s.vertex[i];
    t->idom_number[i] = s.info[i].idom;
  }
  if (by_vertex)
    for (u32 i = 0; i < n; i++) t->idom[s.vertex[i]] = s.vertex[s.info[i].idom];
  // The numbers stay with the tree: consumers walk it in number order.
  t->number.Swap(&s.pre);
}

// ---- The checker ----------------------------------------------------------------------

// Preorder intervals of the tree: a is an ancestor-or-self of b iff
// in[a] <= in[b] < out[a].
namespace {
struct TreeIntervals {
  InternalVector<u32> in, out;
  bool Ancestor(u32 a, u32 b) const { return in[a] <= in[b] && in[b] < out[a]; }
};
}  // namespace

static bool Intervals(const FlowGraph &g, const DominatorTree &t, TreeIntervals *iv) {
  // Children CSR of the tree, then an iterative DFS.
  InternalVector<u32> start, child, fill;
  start.resize(g.n + 1);
  for (u32 v = 1; v < g.n; v++)
    if (t.idom[v] != kNoDominator) start[t.idom[v] + 1]++;
  for (u32 v = 0; v < g.n; v++) start[v + 1] += start[v];
  child.resize(start[g.n]);
  fill.resize(g.n);
  for (u32 v = 1; v < g.n; v++)
    if (t.idom[v] != kNoDominator) child[start[t.idom[v]] + fill[t.idom[v]]++] = v;
  iv->in.resize(g.n);
  iv->out.resize(g.n);
  InternalVector<u32> stack, next;
  u32 clock = 0, visited = 0;
  stack.push_back(0);
  next.push_back(start[0]);
  iv->in[0] = clock++;
  visited++;
  while (!stack.empty()) {
    u32 v = stack.back();
    u32 &k = next.back();
    if (k == start[v + 1]) {
      iv->out[v] = clock;
      stack.pop_back();
      next.pop_back();
      continue;
    }
    u32 c = child[k++];
    iv->in[c] = clock++;
    visited++;
    stack.push_back(c);
    next.push_back(start[c]);
  }
  u32 with_idom = 0;
  for (u32 v = 0; v < g.n; v++) with_idom += t.idom[v] != kNoDominator;
  return visited == with_idom;  // else the idoms do not form a tree rooted at 0
}

// Vertices reachable from the root without passing through `removed`.
static void ReachableWithout(const FlowGraph &g, u32 removed, InternalVector<u8> *seen) {
  seen->resize(g.n);
  for (u32 v = 0; v < g.n; v++) (*seen)[v] = 0;
  if (removed == 0) return;
  InternalVector<u32> stack;
  stack.push_back(0);
  (*seen)[0] = 1;
  while (!stack.empty()) {
    u32 v = stack.back();
    stack.pop_back();
    for (u32 e = g.succ_start[v]; e < g.succ_start[v + 1]; e++) {
      u32 w = g.succ[e];
      if (w == removed || (*seen)[w]) continue;
      (*seen)[w] = 1;
      stack.push_back(w);
    }
  }
}

bool VerifyDominators(const FlowGraph &g, const DominatorTree &t, bool exhaustive, const char **why) {
  *why = "";
  if (!g.n) return true;
  if (t.idom[0] != 0) return *why = "the root is not its own immediate dominator", false;
  InternalVector<u8> reach;
  ReachableWithout(g, g.n, &reach);  // g.n: remove nothing
  for (u32 v = 0; v < g.n; v++)
    if ((t.idom[v] != kNoDominator) != (reach[v] != 0))
      return *why = "a vertex has an idom iff it is reachable: violated", false;
  TreeIntervals iv;
  if (!Intervals(g, t, &iv)) return *why = "the immediate dominators do not form a tree", false;
  for (u32 u = 0; u < g.n; u++) {
    if (!reach[u]) continue;
    for (u32 e = g.succ_start[u]; e < g.succ_start[u + 1]; e++) {
      u32 v = g.succ[e];
      if (v != 0 && !iv.Ancestor(t.idom[v], u))
        return *why = "parent property: an edge bypasses the idom of its target", false;
    }
  }
  if (!exhaustive) return true;
  // Dominance is tree ancestry: removing d (not the root) makes unreachable exactly
  // the tree's strict descendants of d. That makes every idom immediate as well.
  InternalVector<u8> seen;
  for (u32 d = 1; d < g.n; d++) {
    if (!reach[d]) continue;
    ReachableWithout(g, d, &seen);
    for (u32 v = 0; v < g.n; v++) {
      if (!reach[v] || v == d) continue;
      bool below = iv.Ancestor(d, v);
      if (below == (seen[v] != 0))
        return *why = "a vertex is dominated by exactly its tree ancestors: violated", false;
    }
  }
  return true;
}

}  // namespace leakscope

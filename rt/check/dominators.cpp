// Semi-NCA dominators and their checker (dominators.h). Inside the algorithm vertices
// are named by preorder number (0 .. N-1 for the N reachable vertices); `vertex` maps
// a number back to its vertex.
#include "check/dominators.h"

namespace leakscope {

namespace {
struct SemiNca {
  InternalVector<u32> pre;     // vertex -> preorder number, kNoDominator: not reached
  InternalVector<u32> vertex;  // preorder number -> vertex
  InternalVector<u32> parent;  // DFS-tree parent (numbers)
  InternalVector<u32> semi;    // semi-dominator (numbers)
  InternalVector<u32> label;   // vertex of minimal semi on the compressed path (numbers)
  InternalVector<u32> link;    // compressed forest link (numbers); starts as parent
  InternalVector<u32> idom;    // (numbers)
  InternalVector<u32> pred_start, pred;  // predecessor CSR (vertices)
};
}  // namespace

// Phase 1: iterative DFS from the root, preorder numbers and DFS parents.
static void DepthFirstNumbering(const FlowGraph &g, SemiNca *s) {
  s->pre.resize(g.n);
  for (u32 v = 0; v < g.n; v++) s->pre[v] = kNoDominator;
  InternalVector<u32> stack, next_edge;
  s->pre[0] = 0;
  s->vertex.push_back(0);
  s->parent.push_back(0);
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
    if (s->pre[w] != kNoDominator) continue;
    s->pre[w] = (u32)s->vertex.size();
    s->vertex.push_back(w);
    s->parent.push_back(s->pre[v]);
    stack.push_back(w);
    next_edge.push_back(g.succ_start[w]);
  }
}

static void BuildPredecessors(const FlowGraph &g, SemiNca *s) {
  s->pred_start.resize(g.n + 1);
  for (u32 e = 0; e < g.succ_start[g.n]; e++) s->pred_start[g.succ[e] + 1]++;
  for (u32 v = 0; v < g.n; v++) s->pred_start[v + 1] += s->pred_start[v];
  s->pred.resize(g.succ_start[g.n]);
  InternalVector<u32> fill;
  fill.resize(g.n);
  for (u32 u = 0; u < g.n; u++)
    for (u32 e = g.succ_start[u]; e < g.succ_start[u + 1]; e++) {
      u32 v = g.succ[e];
      s->pred[s->pred_start[v] + fill[v]++] = u;
    }
}

// The number with minimal semi on the forest path above v (v included), compressing the
// path: only vertices numbered >= last are linked into the forest yet.
static u32 Eval(SemiNca *s, u32 v, u32 last, InternalVector<u32> *stack) {
  if (s->link[v] < last) return s->label[v];
  stack->clear();
  u32 x = v;
  do {
    stack->push_back(x);
    x = s->link[x];
  } while (s->link[x] >= last);
  u32 p = x;  // the topmost vertex on the path still linked
  while (!stack->empty()) {
    u32 y = stack->back();
    stack->pop_back();
    s->link[y] = s->link[p];
    if (s->semi[s->label[p]] < s->semi[s->label[y]]) s->label[y] = s->label[p];
    p = y;
  }
  return s->label[v];
}

// Phase 2: semi-dominators, in reverse preorder.
static void SemiDominators(SemiNca *s) {
  u32 n = (u32)s->vertex.size();
  s->semi.resize(n);
  s->label.resize(n);
  s->link.resize(n);
  for (u32 i = 0; i < n; i++) {
    s->semi[i] = i;
    s->label[i] = i;
    s->link[i] = s->parent[i];
  }
  InternalVector<u32> stack;
  for (u32 i = n - 1; i >= 1; i--) {
    u32 w = s->vertex[i];
    u32 sd = s->parent[i];
    for (u32 e = s->pred_start[w]; e < s->pred_start[w + 1]; e++) {
      u32 j = s->pre[s->pred[e]];
      if (j == kNoDominator) continue;  // an unreachable predecessor
      u32 u = Eval(s, j, i + 1, &stack);
      if (s->semi[u] < sd) sd = s->semi[u];
    }
    s->semi[i] = sd;
  }
}

// Phase 3: idom(i) is the nearest ancestor of parent(i) in the dominator tree built so
// far (all numbers below i are final) whose number is at most semi(i).
static void NearestCommonAncestor(SemiNca *s) {
  u32 n = (u32)s->vertex.size();
  s->idom.resize(n);
  for (u32 i = 0; i < n; i++) s->idom[i] = s->parent[i];
  for (u32 i = 1; i < n; i++) {
    u32 c = s->idom[i];
    while (c > s->semi[i]) c = s->idom[c];
    s->idom[i] = c;
  }
}

void ComputeDominators(const FlowGraph &g, DominatorTree *t) {
  t->idom.resize(g.n);
  for (u32 v = 0; v < g.n; v++) t->idom[v] = kNoDominator;
  t->order.clear();
  if (!g.n) return;
  SemiNca s;
  DepthFirstNumbering(g, &s);
  BuildPredecessors(g, &s);
  SemiDominators(&s);
  NearestCommonAncestor(&s);
  for (u32 i = 0; i < s.vertex.size(); i++) {
    t->idom[s.vertex[i]] = s.vertex[s.idom[i]];
    t->order.push_back(s.vertex[i]);
  }
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

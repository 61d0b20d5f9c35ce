// Semi-NCA dominators and their checker (dominators.h). Inside the algorithm vertices
// are named by preorder number (0 .. N-1 for the N reachable vertices); `vertex` maps
// a number back to its vertex. Random accesses by vertex happen in the DFS only (once
// per edge); every later phase walks numbers in order over separate u32 arrays, and the
// arrays the tree keeps (numbers, preorder, idoms) are handed over, not copied.
#include "check/dominators.h"

#include "world/helper_threads.h"

namespace leakscope {

namespace {
struct SemiNca {
  InternalVector<u32> pre;     // vertex -> preorder number, kNoDominator: not reached
  InternalVector<u32> vertex;  // preorder number -> vertex
  // Per number: the DFS parent, then (phase 4) the idom.
  InternalVector<u32> idom;
  // Per number, written in phase 3 when the number is processed, read only for
  // processed numbers: semi-dominator, the number of minimal semi on the compressed
  // path, and the compressed forest link (starts as the parent). Before its number is
  // processed, semi holds 1 + the smallest source of its forward in-edges (0: none).
  InternalVector<u32> semi, label, link;
  // The other non-tree edges (source numbered after the target: back and cross
  // edges), (target number << 32) | source number. A vertex's predecessors are its DFS
  // parent and the sources of its non-tree in-edges; the parent, and the source of a
  // forward edge (numbered before the target), are their own candidates and need no
  // evaluation: the DFS keeps only the smallest of the forward ones (in semi), and only
  // back and cross edges are sorted and evaluated.
  InternalVector<u64> nontree;
};

// One vertex on the DFS stack: its next successor edge and the end of its edges.
struct DfsFrame {
  u32 v, e, end;
};

LS_ALWAYS_INLINE DfsFrame Open(const FlowGraph &g, u32 v) {
  if (v < g.head) return {v, g.succ_start[v], g.succ_start[v + 1]};
  u32 x = v - g.head;
  return {v, g.tail_start[x], g.tail_start[x + 1]};
}

LS_ALWAYS_INLINE u32 Target(const FlowGraph &g, u32 v, u32 e) {
  return v < g.head ? g.succ[e] : g.head + g.tail_dst[e];
}

LS_ALWAYS_INLINE bool IsWeak(const FlowGraph &g, u32 v) { return g.weak && v < g.head && g.weak[v]; }

// A non-tree edge from number `from` to number `to`, both numbered: a forward edge
// (from < to) only lowers to's candidate, a back or cross edge is kept for phase 3.
LS_ALWAYS_INLINE void NonTreeEdge(SemiNca *s, u32 from, u32 to) {
  if (from < to) {
    u32 *fwd = &s->semi[to];
    if (from < *fwd - 1u) *fwd = from + 1;  // 0 - 1u: none yet
    return;
  }
  s->nontree.push_back((u64)to << 32 | from);
}
}  // namespace

// Enters the vertex v just numbered: while it is a tail vertex with a single successor,
// that edge is taken at once (a tree edge to a fresh vertex, which is entered in turn,
// or a non-tree edge) and v needs no stack frame; the first vertex with another
// out-degree gets one.
// (Weak vertices are head vertices: never on a chain.)
static LS_ALWAYS_INLINE void Descend(const FlowGraph &g, SemiNca *s, u32 v, u32 *count,
                                     InternalVector<DfsFrame> *stack) {
  u32 *pre = s->pre.begin(), *vertex = s->vertex.begin(), *parent = s->idom.begin();
  if (g.tail_single) {
    u32 n = *count;
    while (v >= g.head) {
      u32 single = g.tail_single[v - g.head];
      if (single == kNoDominator) break;
      u32 x = g.head + single;
      u32 px = pre[x];
      if (px != kNoDominator) {
        NonTreeEdge(s, n - 1, px);
        *count = n;
        return;
      }
      pre[x] = n;
      vertex[n] = x;
      parent[n] = n - 1;
      n++;
      v = x;
    }
    *count = n;
  }
  stack->push_back(Open(g, v));
}

// Before phase 1: every vertex unnumbered. The array is fresh: its page faults are
// most of the cost, and a helper takes the upper half of them.
namespace {
struct FillJob {
  u32 *p;
  uptr n;
  HelperThread thread;
};
}  // namespace

static int FillMain(void *arg) {
  FillJob *j = (FillJob *)arg;
  for (uptr i = 0; i < j->n; i++) j->p[i] = kNoDominator;
  return 0;
}

static void UnnumberAll(u32 *pre, u32 n, bool help) {
  FillJob job = {pre + n / 2, n - n / 2, {}};
  bool helped = help && StartHelperThread(&job.thread, FillMain, &job);
  u32 mine = helped ? n / 2 : n;
  for (u32 v = 0; v < mine; v++) pre[v] = kNoDominator;
  if (helped) JoinHelperThread(&job.thread);
}

// How far ahead the DFS fetches the numbers of a many-pointer block's targets.
static constexpr u32 kAheadEdges = 6;

// Phase 1: iterative DFS, preorder numbers, DFS parents, non-tree edges. The root's
// successors are taken in two rounds, the strong ones first: when the first weak one
// is entered, the vertices numbered so far (below `strong_end`) are exactly those the
// root reaches without a weak vertex, and a weak vertex's edges to them are dropped.
static u32 DepthFirstNumbering(const FlowGraph &g, SemiNca *s) {
  u32 *pre = s->pre.begin(), *vertex = s->vertex.begin(), *parent = s->idom.begin();
  pre[0] = 0;
  vertex[0] = 0;
  parent[0] = 0;
  u32 count = 1;
  u32 strong_end = kNoDominator;  // numbers below it: reached without weak vertices
  InternalVector<DfsFrame> stack;
  DfsFrame root = Open(g, 0);
  for (int round = 0; round < (g.weak ? 2 : 1); round++) {
    if (round == 1) strong_end = count;
    for (u32 e = root.e; e < root.end; e++) {
      u32 w = Target(g, 0, e);
      if (g.weak && (IsWeak(g, w) != (round == 1))) continue;
      if (pre[w] != kNoDominator) {
        NonTreeEdge(s, 0, pre[w]);
        continue;
      }
      pre[w] = count;
      vertex[count] = w;
      parent[count++] = 0;
      Descend(g, s, w, &count, &stack);
      while (!stack.empty()) {
        DfsFrame &f = stack.back();
        if (f.e == f.end) {
          stack.pop_back();
          continue;
        }
        u32 v = f.v;
        // A block with many pointers (an array, a hash table) has its targets' numbers
        // fetched a few edges ahead: their misses overlap instead of queueing.
        if (f.e + kAheadEdges < f.end) __builtin_prefetch(&pre[Target(g, v, f.e + kAheadEdges)]);
        u32 x = Target(g, v, f.e++);
        u32 px = pre[x];
        if (px != kNoDominator) {
          if (px < strong_end && IsWeak(g, v)) continue;  // not an edge of the graph
          NonTreeEdge(s, pre[v], px);
          continue;
        }
        pre[x] = count;
        vertex[count] = x;
        parent[count++] = pre[v];
        Descend(g, s, x, &count, &stack);
      }
    }
  }
  return count;
}

// Phase 2: the non-tree edges in ascending target order, by an LSD radix sort on the
// target (11 bits a pass) of that list alone.
static void SortNonTreeEdges(SemiNca *s) {
  uptr m = s->nontree.size();
  u32 n = (u32)s->vertex.size();
  if (m < 2) return;
  u64 *a = s->nontree.begin();
  if (m <= 32) {
    for (uptr i = 1; i < m; i++)
      for (uptr j = i; j > 0 && (a[j - 1] >> 32) > (a[j] >> 32); j--) {
        u64 t = a[j];
        a[j] = a[j - 1];
        a[j - 1] = t;
      }
    return;
  }
  InternalVector<u64> tmp;
  tmp.resize(m);
  u64 *b = tmp.begin();
  for (u32 shift = 32; shift < 64 && (n >> (shift - 32)) != 0; shift += 11) {
    u32 count[2049] = {};
    for (uptr i = 0; i < m; i++) count[((a[i] >> shift) & 2047) + 1]++;
    for (u32 d = 0; d < 2048; d++) count[d + 1] += count[d];
    for (uptr i = 0; i < m; i++) b[count[(a[i] >> shift) & 2047]++] = a[i];
    u64 *t = a;
    a = b;
    b = t;
  }
  if (a != s->nontree.begin()) s->nontree.Swap(&tmp);
}

// The number with minimal semi on the forest path above v (v included), compressing the
// path. Numbers >= last are processed (linked into the forest); v is one of them.
static u32 Eval(SemiNca *s, u32 v, u32 last, InternalVector<u32> *stack) {
  u32 *link = s->link.begin(), *label = s->label.begin(), *semi = s->semi.begin();
  if (link[v] < last) return label[v];
  stack->clear();
  u32 x = v;
  do {
    stack->push_back(x);
    x = link[x];
  } while (link[x] >= last);
  u32 p = x;  // the topmost vertex on the path still linked
  while (!stack->empty()) {
    u32 y = stack->back();
    stack->pop_back();
    link[y] = link[p];
    if (semi[label[p]] < semi[label[y]]) label[y] = label[p];
    p = y;
  }
  return label[v];
}

// Phase 3: semi-dominators, in reverse preorder: the smallest of the parent, the
// smallest forward source (the DFS's, in semi) and the evaluations of the back and
// cross edges' sources (processed already: numbered after i). A source not processed
// yet (number <= i: only a vertex's edge to itself) is its own candidate.
static void SemiDominators(SemiNca *s) {
  u32 n = (u32)s->vertex.size();
  s->semi.resize(n);
  s->label.resize(n);
  s->link.resize(n);
  u32 *semi = s->semi.begin(), *label = s->label.begin(), *link = s->link.begin();
  const u32 *parent = s->idom.begin();
  const u64 *in = s->nontree.begin();
  uptr next = s->nontree.size();  // in[0, next) have targets <= i
  InternalVector<u32> stack;
  for (u32 i = n - 1; i >= 1; i--) {
    u32 sd = parent[i], forward = semi[i] - 1u;  // 0 - 1u: no forward edge
    if (forward < sd) sd = forward;
    for (; next > 0 && (u32)(in[next - 1] >> 32) == i; next--) {
      u32 u = (u32)in[next - 1];
      u32 c = u <= i ? u : semi[Eval(s, u, i + 1, &stack)];
      if (c < sd) sd = c;
    }
    semi[i] = sd;
    label[i] = i;
    link[i] = parent[i];
  }
}

// Phase 4: idom(i) is the nearest ancestor of parent(i) in the dominator tree built so
// far (all numbers below i are final) whose number is at most semi(i).
static void NearestCommonAncestor(SemiNca *s) {
  u32 n = (u32)s->vertex.size();
  u32 *idom = s->idom.begin();
  const u32 *semi = s->semi.begin();
  for (u32 i = 1; i < n; i++) {
    u32 c = idom[i];  // starts as parent
    while (c > semi[i]) c = idom[c];
    idom[i] = c;
  }
}

// Below this many vertices the arrays are small enough to fault in as they are written.
static constexpr u32 kPrefaultVertices = 1 << 16;

void ComputeDominators(const FlowGraph &g, DominatorTree *t, bool by_vertex) {
  t->idom.clear();
  if (by_vertex) {
    t->idom.resize(g.n);
    for (u32 v = 0; v < g.n; v++) t->idom[v] = kNoDominator;
  }
  t->order.clear();
  t->idom_number.clear();
  t->number.clear();
  if (!g.n) return;
  SemiNca s;
  // Every per-number array at its largest (all vertices reachable), faulted in by a
  // helper while the DFS, which is bound by the latency of its random reads, runs.
  s.pre.resize(g.n);
  InternalVector<u32> *arrays[] = {&s.vertex, &s.idom, &s.semi, &s.label, &s.link};
  BackgroundPrefault prefault;
  for (InternalVector<u32> *a : arrays) {
    a->resize(g.n);
    prefault.Add(a->begin(), (uptr)g.n * sizeof(u32));
  }
  bool big = g.n >= kPrefaultVertices && WorkerCount() > 1;
  UnnumberAll(s.pre.begin(), g.n, big);
  if (big) prefault.Start();
  u32 n = DepthFirstNumbering(g, &s);
  s.vertex.resize(n);
  s.idom.resize(n);
  SortNonTreeEdges(&s);
  SemiDominators(&s);
  prefault.Wait();
  s.label.Reset();
  s.link.Reset();
  s.nontree.Reset();
  NearestCommonAncestor(&s);
  t->order.Swap(&s.vertex);
  t->idom_number.Swap(&s.idom);
  t->number.Swap(&s.pre);
  if (by_vertex)
    for (u32 i = 0; i < t->order.size(); i++) t->idom[t->order[i]] = t->order[t->idom_number[i]];
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

// Calls fn(w) for every edge v -> w of g. `strong` (null when g has no weak vertices)
// marks what the root reaches without weak vertices: a weak vertex's edges there are
// not part of the graph.
template <typename Fn>
static void ForEachSuccessor(const FlowGraph &g, const InternalVector<u8> *strong, u32 v, Fn fn) {
  bool weak = strong && IsWeak(g, v);
  if (v < g.head) {
    for (u32 e = g.succ_start[v]; e < g.succ_start[v + 1]; e++)
      if (!weak || !(*strong)[g.succ[e]]) fn(g.succ[e]);
    return;
  }
  u32 x = v - g.head;
  for (u32 e = g.tail_start[x]; e < g.tail_start[x + 1]; e++) fn(g.head + g.tail_dst[e]);
}

// Vertices reachable from the root without passing through `removed` (g.n: none).
// skip_weak: without passing through weak vertices either (which gives `strong`).
static void ReachableWithout(const FlowGraph &g, const InternalVector<u8> *strong, u32 removed,
                             bool skip_weak, InternalVector<u8> *seen) {
  seen->resize(g.n);
  for (u32 v = 0; v < g.n; v++) (*seen)[v] = 0;
  if (removed == 0) return;
  InternalVector<u32> stack;
  stack.push_back(0);
  (*seen)[0] = 1;
  while (!stack.empty()) {
    u32 v = stack.back();
    stack.pop_back();
    ForEachSuccessor(g, strong, v, [&](u32 w) {
      if (w == removed || (*seen)[w] || (skip_weak && IsWeak(g, w))) return;
      (*seen)[w] = 1;
      stack.push_back(w);
    });
  }
}

bool VerifyDominators(const FlowGraph &g, const DominatorTree &t, bool exhaustive, const char **why) {
  *why = "";
  if (!g.n) return true;
  if (t.idom[0] != 0) return *why = "the root is not its own immediate dominator", false;
  InternalVector<u8> strong_storage;
  const InternalVector<u8> *strong = nullptr;
  if (g.weak) {
    ReachableWithout(g, nullptr, g.n, true, &strong_storage);
    strong = &strong_storage;
  }
  InternalVector<u8> reach;
  ReachableWithout(g, strong, g.n, false, &reach);
  for (u32 v = 0; v < g.n; v++)
    if ((t.idom[v] != kNoDominator) != (reach[v] != 0))
      return *why = "a vertex has an idom iff it is reachable: violated", false;
  TreeIntervals iv;
  if (!Intervals(g, t, &iv)) return *why = "the immediate dominators do not form a tree", false;
  for (u32 u = 0; u < g.n; u++) {
    if (!reach[u]) continue;
    bool ok = true;
    ForEachSuccessor(g, strong, u, [&](u32 v) {
      if (v != 0 && !iv.Ancestor(t.idom[v], u)) ok = false;
    });
    if (!ok) return *why = "parent property: an edge bypasses the idom of its target", false;
  }
  if (!exhaustive) return true;
  // Dominance is tree ancestry: removing d (not the root) makes unreachable exactly
  // the tree's strict descendants of d. That makes every idom immediate as well.
  InternalVector<u8> seen;
  for (u32 d = 1; d < g.n; d++) {
    if (!reach[d]) continue;
    ReachableWithout(g, strong, d, false, &seen);
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

// Semi-NCA dominators against a naive O(n^2)-per-round dataflow computation on random
// graphs, plus the checker (VerifyDominators) on correct and corrupted trees.
#include "check/dominators.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

using namespace leakscope;

namespace {
struct Graph {
  std::vector<u32> start, succ;
  FlowGraph flow() const { return FlowGraph::Csr((u32)start.size() - 1, start.data(), succ.data()); }
};

// The CSR of per-vertex successor lists.
Graph FromAdjacency(const std::vector<std::vector<u32>> &adj) {
  Graph g;
  g.start.push_back(0);
  for (const std::vector<u32> &succ : adj) {
    for (u32 w : succ) g.succ.push_back(w);
    g.start.push_back((u32)g.succ.size());
  }
  return g;
}

Graph RandomGraph(std::mt19937 &rng, u32 n, u32 edges) {
  std::vector<std::vector<u32>> adj(n);
  for (u32 e = 0; e < edges; e++) adj[rng() % n].push_back(rng() % n);
  // A spine from the root through some vertices keeps most of them reachable.
  for (u32 v = 1; v < n; v += 1 + rng() % 3) adj[rng() % v].push_back(v);
  return FromAdjacency(adj);
}

// Dom(root) = {root}; Dom(v) = {v} + intersection of Dom(p) over reachable preds p,
// iterated to a fixed point. idom(v) = the strict dominator with the most dominators.
std::vector<u32> NaiveIdom(const Graph &g) {
  u32 n = (u32)g.start.size() - 1;
  std::vector<std::vector<bool>> dom(n, std::vector<bool>(n, true));
  std::vector<bool> reach(n, false);
  std::vector<u32> stack{0};
  reach[0] = true;
  while (!stack.empty()) {
    u32 v = stack.back();
    stack.pop_back();
    for (u32 e = g.start[v]; e < g.start[v + 1]; e++)
      if (!reach[g.succ[e]]) reach[g.succ[e]] = true, stack.push_back(g.succ[e]);
  }
  dom[0].assign(n, false);
  dom[0][0] = true;
  for (bool changed = true; changed;) {
    changed = false;
    for (u32 u = 0; u < n; u++) {
      if (!reach[u]) continue;
      for (u32 e = g.start[u]; e < g.start[u + 1]; e++) {
        u32 v = g.succ[e];
        if (v == 0) continue;
        for (u32 d = 0; d < n; d++)
          if (dom[v][d] && !dom[u][d] && d != v) dom[v][d] = false, changed = true;
      }
    }
  }
  std::vector<u32> idom(n, kNoDominator);
  idom[0] = 0;
  for (u32 v = 1; v < n; v++) {
    if (!reach[v]) continue;
    u32 best = kNoDominator, best_count = 0;
    for (u32 d = 0; d < n; d++) {
      if (d == v || !dom[v][d]) continue;
      u32 count = 0;
      for (u32 k = 0; k < n; k++) count += dom[d][k];
      if (best == kNoDominator || count > best_count) best = d, best_count = count;
    }
    idom[v] = best;
  }
  return idom;
}
}  // namespace

// Computes g's dominators into *t and checks them against a reference's idoms and with
// VerifyDominators (exhaustive: the O(n * m) immediacy check too).
static bool MatchesReference(const Graph &g, const std::vector<u32> &want, bool exhaustive, int round,
                             DominatorTree *t) {
  ComputeDominators(g.flow(), t);
  for (u32 v = 0; v < want.size(); v++) {
    EXPECT_EQ(t->idom[v], want[v]) << "round " << round << " vertex " << v;
    if (t->idom[v] != want[v]) return false;
  }
  const char *why;
  bool ok = VerifyDominators(g.flow(), *t, exhaustive, &why);
  EXPECT_TRUE(ok) << "round " << round << ": " << why;
  return ok;
}

TEST(Dominators, MatchesNaiveOnRandomGraphs) {
  std::mt19937 rng(14);
  for (int round = 0; round < 300; round++) {
    u32 n = 1 + rng() % 60;
    Graph g = RandomGraph(rng, n, rng() % (3 * n + 1));
    DominatorTree t;
    ASSERT_TRUE(MatchesReference(g, NaiveIdom(g), true, round, &t));
    // The preorder lists each reachable vertex once, parents first.
    std::vector<bool> seen(n, false);
    for (uptr i = 0; i < t.order.size(); i++) {
      u32 v = t.order[i];
      EXPECT_FALSE(seen[v]);
      if (v) EXPECT_TRUE(seen[t.idom[v]]);
      seen[v] = true;
    }
  }
}

TEST(Dominators, DiamondAndCycle) {
  // 0 -> 1 -> {2, 3} -> 4 -> 1 (a loop back), 4 -> 5.
  Graph g;
  g.start = {0, 1, 3, 4, 5, 7, 7};
  g.succ = {1, 2, 3, 4, 4, 1, 5};
  DominatorTree t;
  ComputeDominators(g.flow(), &t);
  EXPECT_EQ(t.idom[1], 0u);
  EXPECT_EQ(t.idom[2], 1u);
  EXPECT_EQ(t.idom[3], 1u);
  EXPECT_EQ(t.idom[4], 1u);  // reached through 2 or 3: neither dominates it
  EXPECT_EQ(t.idom[5], 4u);
}

TEST(Dominators, VerifierRejectsWrongTrees) {
  std::mt19937 rng(7);
  int rejected = 0, tried = 0;
  for (int round = 0; round < 200; round++) {
    u32 n = 3 + rng() % 40;
    Graph g = RandomGraph(rng, n, 2 * n);
    DominatorTree t;
    ComputeDominators(g.flow(), &t);
    // Move one reachable vertex under a different reachable parent (not itself).
    u32 v = 1 + rng() % (n - 1);
    if (t.idom[v] == kNoDominator) continue;
    u32 p = rng() % n;
    if (p == v || p == t.idom[v] || t.idom[p] == kNoDominator) continue;
    u32 old = t.idom[v];
    t.idom[v] = p;
    tried++;
    const char *why;
    if (!VerifyDominators(g.flow(), t, true, &why)) rejected++;
    t.idom[v] = old;
    EXPECT_TRUE(VerifyDominators(g.flow(), t, true, &why)) << why;
  }
  EXPECT_GT(tried, 50);
  EXPECT_EQ(rejected, tried);  // any other parent is wrong: the dominator tree is unique
}

TEST(Dominators, UnreachableVerticesHaveNoIdom) {
  Graph g;
  g.start = {0, 1, 1, 2};  // 0 -> 1; 2 -> 1; 2 unreachable
  g.succ = {1, 1};
  DominatorTree t;
  ComputeDominators(g.flow(), &t);
  EXPECT_EQ(t.idom[2], kNoDominator);
  EXPECT_EQ(t.idom[1], 0u);
  const char *why;
  EXPECT_TRUE(VerifyDominators(g.flow(), t, true, &why)) << why;
  t.idom[2] = 0;
  EXPECT_FALSE(VerifyDominators(g.flow(), t, true, &why));
}

namespace {
// Cooper, Harvey and Kennedy's iterative algorithm ("A Simple, Fast Dominance
// Algorithm", 2001) over reverse postorder: an independent reference for graphs too big
// for NaiveIdom.
std::vector<u32> IterativeIdom(const Graph &g) {
  u32 n = (u32)g.start.size() - 1;
  std::vector<u32> post_number(n, kNoDominator), post;
  std::vector<std::pair<u32, u32>> stack{{0, g.start[0]}};
  std::vector<bool> seen(n, false);
  seen[0] = true;
  while (!stack.empty()) {
    auto &[v, e] = stack.back();
    if (e == g.start[v + 1]) {
      post_number[v] = (u32)post.size();
      post.push_back(v);
      stack.pop_back();
      continue;
    }
    u32 w = g.succ[e++];
    if (!seen[w]) seen[w] = true, stack.push_back({w, g.start[w]});
  }
  std::vector<std::vector<u32>> preds(n);
  for (u32 u = 0; u < n; u++)
    if (seen[u])
      for (u32 e = g.start[u]; e < g.start[u + 1]; e++) preds[g.succ[e]].push_back(u);
  std::vector<u32> idom(n, kNoDominator);
  idom[0] = 0;
  auto intersect = [&](u32 a, u32 b) {
    while (a != b) {
      while (post_number[a] < post_number[b]) a = idom[a];
      while (post_number[b] < post_number[a]) b = idom[b];
    }
    return a;
  };
  for (bool changed = true; changed;) {
    changed = false;
    for (u32 i = (u32)post.size(); i-- > 0;) {
      u32 v = post[i];
      if (v == 0) continue;
      u32 best = kNoDominator;
      for (u32 p : preds[v])
        if (idom[p] != kNoDominator) best = best == kNoDominator ? p : intersect(p, best);
      if (best != idom[v]) idom[v] = best, changed = true;
    }
  }
  return idom;
}

// The graph without the edges FlowGraph::weak removes: a weak vertex's edges to what
// the root reaches without weak vertices.
Graph WithoutWeakEdges(const Graph &g, const std::vector<u8> &weak) {
  u32 n = (u32)g.start.size() - 1;
  std::vector<bool> strong(n, false);
  std::vector<u32> stack{0};
  strong[0] = true;
  while (!stack.empty()) {
    u32 v = stack.back();
    stack.pop_back();
    for (u32 e = g.start[v]; e < g.start[v + 1]; e++) {
      u32 w = g.succ[e];
      if (!strong[w] && !weak[w]) strong[w] = true, stack.push_back(w);
    }
  }
  Graph out;
  out.start.push_back(0);
  for (u32 v = 0; v < n; v++) {
    for (u32 e = g.start[v]; e < g.start[v + 1]; e++)
      if (!weak[v] || !strong[g.succ[e]]) out.succ.push_back(g.succ[e]);
    out.start.push_back((u32)out.succ.size());
  }
  return out;
}

// A heap-graph-like random graph: root 0 -> roots 1..k (some weak, no other
// predecessor), roots and blocks pointing at random blocks, long chains among them.
Graph RootedGraph(std::mt19937 &rng, u32 k, u32 blocks, u32 extra, std::vector<u8> *weak) {
  u32 n = 1 + k + blocks;
  std::vector<std::vector<u32>> adj(n);
  weak->assign(n, 0);
  for (u32 r = 1; r <= k; r++) {
    adj[0].push_back(r);
    (*weak)[r] = rng() % 2;
    for (u32 i = 0, m = 1 + rng() % 4; i < m; i++) adj[r].push_back(1 + k + rng() % blocks);
  }
  for (u32 b = 1 + k; b + 1 < n; b++)
    if (rng() % 8) adj[b].push_back(b + 1);  // chains (a list's next pointers)
  for (u32 e = 0; e < extra; e++) adj[1 + k + rng() % blocks].push_back(1 + k + rng() % blocks);
  return FromAdjacency(adj);
}
}  // namespace

TEST(Dominators, MatchesIterativeOnLargeGraphs) {
  // Past 2048 vertices and 32 non-tree edges: every pass of the non-tree edge sort runs.
  std::mt19937 rng(1414);
  for (int round = 0; round < 20; round++) {
    u32 n = 2000 + rng() % 20000;
    Graph g = RandomGraph(rng, n, rng() % (2 * n));
    DominatorTree t;
    ASSERT_TRUE(MatchesReference(g, IterativeIdom(g), false, round, &t));
  }
}

TEST(Dominators, WeakVerticesLoseEdgesToWhatStrongOnesReach) {
  std::mt19937 rng(99);
  for (int round = 0; round < 300; round++) {
    std::vector<u8> weak;
    u32 k = 1 + rng() % 5, blocks = 1 + rng() % (round < 200 ? 40 : 3000);
    Graph g = RootedGraph(rng, k, blocks, rng() % (blocks + 1), &weak);
    u32 n = (u32)g.start.size() - 1;
    DominatorTree t;
    ComputeDominators(FlowGraph::Csr(n, g.start.data(), g.succ.data(), weak.data()), &t);
    Graph filtered = WithoutWeakEdges(g, weak);
    std::vector<u32> want = round < 200 ? NaiveIdom(filtered) : IterativeIdom(filtered);
    for (u32 v = 0; v < n; v++) ASSERT_EQ(t.idom[v], want[v]) << "round " << round << " vertex " << v;
    const char *why;
    EXPECT_TRUE(VerifyDominators(FlowGraph::Csr(n, g.start.data(), g.succ.data(), weak.data()), t,
                                 round < 200, &why))
        << why;
    // The checker applies the same rule: the unfiltered tree fails it where they differ.
    DominatorTree plain;
    ComputeDominators(g.flow(), &plain);
    bool differ = false;
    for (u32 v = 0; v < n; v++) differ |= plain.idom[v] != t.idom[v];
    if (differ) {
      EXPECT_FALSE(VerifyDominators(FlowGraph::Csr(n, g.start.data(), g.succ.data(), weak.data()),
                                    plain, true, &why));
    }
  }
}

// g laid out as the heap graph is: head [0, head) as CSR, the tail's targets in an edge
// array of its own (as HeapGraph::edge_dst, numbered from the tail), and per tail vertex
// the target of its only edge (kNoDominator: none or several), as HeapGraph::single_edge.
struct SplitLayout {
  std::vector<u32> tail_start, tail_edges, single;
  u32 singles = 0;
  FlowGraph Graph(const ::Graph &g, u32 head, const std::vector<u8> &weak, bool chains) const {
    u32 n = (u32)g.start.size() - 1;
    FlowGraph f = {n, head, g.start.data(), g.succ.data(), tail_start.data(),
                   tail_edges.data(), weak.data()};
    if (chains) f.tail_single = single.data();
    return f;
  }
};

static SplitLayout Split(const Graph &g, u32 head) {
  SplitLayout l;
  u32 n = (u32)g.start.size() - 1;
  for (u32 v = head; v <= n; v++) l.tail_start.push_back(g.start[v] - g.start[head]);
  for (u32 e = g.start[head]; e < g.start[n]; e++) {
    l.tail_edges.push_back(g.succ[e] - head);
  }
  for (u32 v = head; v < n; v++) {
    bool one = g.start[v + 1] - g.start[v] == 1;
    l.single.push_back(one ? g.succ[g.start[v]] - head : kNoDominator);
    l.singles += one;
  }
  return l;
}

TEST(Dominators, TailVerticesReadInPlace) {
  // The same graph as plain CSR and as head (root and roots) + tail (blocks whose
  // targets are in an edge array of their own, as HeapGraph::edge_dst), same result.
  std::mt19937 rng(5);
  for (int round = 0; round < 50; round++) {
    std::vector<u8> weak;
    u32 k = 1 + rng() % 4, blocks = 1 + rng() % 500;
    Graph g = RootedGraph(rng, k, blocks, rng() % (2 * blocks), &weak);
    u32 n = (u32)g.start.size() - 1, head = 1 + k;
    SplitLayout layout = Split(g, head);
    FlowGraph split = layout.Graph(g, head, weak, false);
    DominatorTree a, b;
    ComputeDominators(split, &a);
    ComputeDominators(FlowGraph::Csr(n, g.start.data(), g.succ.data(), weak.data()), &b);
    for (u32 v = 0; v < n; v++) ASSERT_EQ(a.idom[v], b.idom[v]) << "round " << round << " vertex " << v;
    const char *why;
    EXPECT_TRUE(VerifyDominators(split, a, true, &why)) << why;
  }
}

TEST(Dominators, SingleSuccessorChainsGiveTheSameTree) {
  // FlowGraph::tail_single lets the search walk a tail vertex's only edge without a
  // stack frame: the preorder, the numbers and the idoms must be exactly those of the
  // search that reads every edge through tail_start. Graphs: chains (most blocks have
  // one successor), chains closed into cycles, random extra edges, weak roots.
  std::mt19937 rng(77);
  for (int round = 0; round < 400; round++) {
    std::vector<u8> weak;
    u32 k = 1 + rng() % 4, blocks = 1 + rng() % (round < 300 ? 60 : 5000);
    Graph g = RootedGraph(rng, k, blocks, rng() % (blocks / 4 + 2), &weak);
    u32 n = (u32)g.start.size() - 1, head = 1 + k;
    if (round % 3 == 0 && blocks > 2) {  // some chain ends point back into their chain
      Graph cyc;
      cyc.start.push_back(0);
      for (u32 v = 0; v < n; v++) {
        for (u32 e = g.start[v]; e < g.start[v + 1]; e++) cyc.succ.push_back(g.succ[e]);
        if (v >= head && g.start[v + 1] == g.start[v] && rng() % 2) cyc.succ.push_back(head + rng() % blocks);
        cyc.start.push_back((u32)cyc.succ.size());
      }
      g = cyc;
    }
    SplitLayout layout = Split(g, head);
    u32 singles = layout.singles;
    FlowGraph split = layout.Graph(g, head, weak, false);
    FlowGraph chains = layout.Graph(g, head, weak, true);
    DominatorTree a, b;
    ComputeDominators(split, &a);
    ComputeDominators(chains, &b);
    ASSERT_EQ(a.order.size(), b.order.size()) << "round " << round;
    for (u32 i = 0; i < a.order.size(); i++) {
      ASSERT_EQ(a.order[i], b.order[i]) << "round " << round << " number " << i;
      ASSERT_EQ(a.idom_number[i], b.idom_number[i]) << "round " << round << " number " << i;
    }
    for (u32 v = 0; v < n; v++) {
      ASSERT_EQ(a.number[v], b.number[v]) << "round " << round << " vertex " << v;
      ASSERT_EQ(a.idom[v], b.idom[v]) << "round " << round << " vertex " << v;
    }
    std::vector<u32> want = IterativeIdom(WithoutWeakEdges(g, weak));
    for (u32 v = 0; v < n; v++) ASSERT_EQ(b.idom[v], want[v]) << "round " << round << " vertex " << v;
    const char *why;
    EXPECT_TRUE(VerifyDominators(chains, b, round < 100, &why)) << why;
    if (blocks > 20) EXPECT_GT(singles, 0u);
  }
}

TEST(Dominators, BigGraphsWithHelpers) {
  // From 65536 vertices the numbers are cleared half by a helper thread and the arrays
  // faulted in by another (dominators.cpp): the same tree as the iterative reference.
  std::mt19937 rng(65536);
  for (int round = 0; round < 3; round++) {
    std::vector<u8> weak;
    u32 k = 1 + rng() % 4, blocks = 70000 + rng() % 30000;
    Graph g = RootedGraph(rng, k, blocks, rng() % (blocks / 2), &weak);
    u32 n = (u32)g.start.size() - 1, head = 1 + k;
    SplitLayout layout = Split(g, head);
    FlowGraph chains = layout.Graph(g, head, weak, true);
    DominatorTree t;
    ComputeDominators(chains, &t);
    std::vector<u32> want = IterativeIdom(WithoutWeakEdges(g, weak));
    for (u32 v = 0; v < n; v++) ASSERT_EQ(t.idom[v], want[v]) << "round " << round << " vertex " << v;
    const char *why;
    EXPECT_TRUE(VerifyDominators(chains, t, false, &why)) << why;
  }
}

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
  FlowGraph flow() const { return {(u32)start.size() - 1, start.data(), succ.data()}; }
};

Graph RandomGraph(std::mt19937 &rng, u32 n, u32 edges) {
  std::vector<std::vector<u32>> adj(n);
  for (u32 e = 0; e < edges; e++) adj[rng() % n].push_back(rng() % n);
  // A spine from the root through some vertices keeps most of them reachable.
  for (u32 v = 1; v < n; v += 1 + rng() % 3) adj[rng() % v].push_back(v);
  Graph g;
  g.start.push_back(0);
  for (u32 v = 0; v < n; v++) {
    for (u32 w : adj[v]) g.succ.push_back(w);
    g.start.push_back((u32)g.succ.size());
  }
  return g;
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

TEST(Dominators, MatchesNaiveOnRandomGraphs) {
  std::mt19937 rng(14);
  for (int round = 0; round < 300; round++) {
    u32 n = 1 + rng() % 60;
    Graph g = RandomGraph(rng, n, rng() % (3 * n + 1));
    DominatorTree t;
    ComputeDominators(g.flow(), &t);
    std::vector<u32> want = NaiveIdom(g);
    for (u32 v = 0; v < n; v++) ASSERT_EQ(t.idom[v], want[v]) << "round " << round << " vertex " << v;
    const char *why;
    EXPECT_TRUE(VerifyDominators(g.flow(), t, true, &why)) << why;
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

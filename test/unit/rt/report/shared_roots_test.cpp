// FindSharedRoots against a reference that follows the definition directly: a block no
// single root dominates (its immediate dominator is the virtual root), and every block
// in its dominator subtree (the shared region), is reached by
// exactly the named roots with a path to it in the flow graph, where a weak root's own
// edges to what the strong roots reach are not edges (dominators.h). The labeler keeps
// two of them and a "more" flag; the reference keeps every one.
#include "report/shared_roots.h"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <vector>

namespace leakscope {
namespace {

struct Built {
  HeapGraph g;
  RetentionTree t;
  std::vector<std::vector<u32>> succ;  // per flow-graph vertex
};

// Virtual root 0, named roots 1..k (some weak), blocks 1+k.. with random edges: lists,
// fan-in and cycles, so that blocks are shared by two, three or more roots.
void Build(std::mt19937 &rng, u32 k, u32 blocks, u32 extra_edges, Built *b) {
  u32 head = 1 + k, n = head + blocks;
  b->succ.assign(n, {});
  for (u32 r = 1; r <= k; r++) b->succ[0].push_back(r);
  for (u32 r = 1; r <= k; r++)
    for (u32 e = 1 + rng() % 3; e > 0; e--) b->succ[r].push_back(head + rng() % blocks);
  for (u32 x = 0; x + 1 < blocks; x++)
    if (rng() % 4) b->succ[head + x].push_back(head + x + 1);  // list runs
  for (u32 e = 0; e < extra_edges; e++) b->succ[head + rng() % blocks].push_back(head + rng() % blocks);
  RetentionTree &t = b->t;
  t.g = &b->g;
  t.num_named = k;
  t.weak.resize(head);
  for (u32 r = 1; r <= k; r++) t.weak[r] = rng() % 3 == 0;
  t.succ_start.resize(head + 1);
  for (u32 v = 0; v < head; v++) {
    for (u32 w : b->succ[v]) t.succ.push_back(w);
    t.succ_start[v + 1] = (u32)t.succ.size();
  }
  b->g.node_size.resize(blocks);
  b->g.node_stack.resize(blocks);
  b->g.node_edges.resize(blocks + 1);
  for (u32 x = 0; x < blocks; x++) {
    for (u32 w : b->succ[head + x]) b->g.edge_dst.push_back(w - head);
    b->g.node_edges[x + 1] = (u32)b->g.NumEdges();
  }
  ComputeDominators(t.Flow(), &t.dom);
}

// Per vertex, the named roots with a path to it (dominators.h's weak rule applied).
std::vector<std::set<u32>> Reference(const Built &b) {
  u32 n = (u32)b.succ.size(), k = b.t.num_named;
  auto bfs = [&](u32 from, bool skip_weak_vertices, const std::vector<char> *strong) {
    std::vector<char> seen(n);
    std::vector<u32> stack = {from};
    seen[from] = 1;
    while (!stack.empty()) {
      u32 v = stack.back();
      stack.pop_back();
      for (u32 w : b.succ[v]) {
        if (seen[w]) continue;
        if (skip_weak_vertices && w <= k && b.t.weak[w]) continue;
        if (strong && v == from && (*strong)[w]) continue;  // a weak root's edge into it
        seen[w] = 1;
        stack.push_back(w);
      }
    }
    return seen;
  };
  std::vector<char> strong = bfs(0, true, nullptr);
  std::vector<std::set<u32>> reach(n);
  for (u32 r = 1; r <= k; r++) {
    std::vector<char> seen = bfs(r, false, b.t.weak[r] ? &strong : nullptr);
    for (u32 v = 0; v < n; v++)
      if (seen[v]) reach[v].insert(r);
  }
  return reach;
}

TEST(SharedRoots, MatchTheRootsWithAPathOnRandomGraphs) {
  std::mt19937 rng(14);
  u32 checked = 0, with_more = 0;
  u32 interrupted = 0;  // blocks of a named root numbered after a shared block in its run
  for (int round = 0; round < 300; round++) {
    Built b;
    u32 k = 2 + rng() % 5, blocks = 1 + rng() % 300;
    Build(rng, k, blocks, rng() % (blocks / 2 + 2), &b);
    SharedRoots s;
    FindSharedRoots(b.t, &s);
    std::vector<std::set<u32>> reach = Reference(b);
    const DominatorTree &d = b.t.dom;
    for (u32 v = 1 + k; v < b.succ.size(); v++) {
      u32 num = d.number[v];
      u32 first, second;
      bool more;
      // In the shared region: the virtual root's child above it is a block.
      u32 top = v;
      while (num != kNoDominator && d.idom[top] != 0) top = d.idom[top];
      bool shared = num != kNoDominator && top > k;
      if (!shared && num != kNoDominator && top <= k)
        for (u32 i = 1; i < num; i++)
          if (d.idom_number[i] == 0) interrupted += i > d.number[top] && b.t.dom.order[i] > k;
      ASSERT_EQ(num != kNoDominator && s.Get(num, &first, &second, &more), shared)
          << "round " << round << " vertex " << v;
      if (!shared) continue;
      const std::set<u32> &want = reach[v];
      ASSERT_GE(want.size(), 2u) << "round " << round << ": a shared block with one root";
      EXPECT_TRUE(want.count(first) && want.count(second) && first != second)
          << "round " << round << " vertex " << v << ": " << first << ", " << second;
      EXPECT_EQ(more, want.size() > 2) << "round " << round << " vertex " << v;
      checked++;
      with_more += more;
    }
  }
  // The graphs exercise both cases (a test that checks nothing passes too).
  EXPECT_GT(checked, 500u);
  EXPECT_GT(interrupted, 20u);
  EXPECT_GT(with_more, 50u);
}

}  // namespace
}  // namespace leakscope

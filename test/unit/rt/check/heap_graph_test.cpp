// The heap graph's capture on this process's own heap (the test runs on LeakScope's
// allocator): slot -> node resolution (interior pointers, freed slots, one past the end,
// blocks of 0 bytes, the large region), edge offsets, a kGraphRetention capture equal to
// the kGraphFull one in everything it keeps, the scan without POPCNT, sizes of 4 GiB.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <string.h>

#include <vector>

#include "check/heap_graph.h"

using namespace leakscope;

namespace {

void *g_probe;  // a global root holding an interior pointer

struct Holder {
  void *fields[4];
};

// The node whose block begins at p (a full graph), or -1.
intptr_t NodeOf(const HeapGraph &g, void *p) {
  intptr_t n = g.NodeAt((uptr)p);
  return n >= 0 && g.Begin((u32)n) == (uptr)p ? n : -1;
}

// Appends a node as the capture records one (node_begin in a kGraphFull graph only; a
// size of kBigNodeSize or more in big_sizes).
void AddNode(HeapGraph *g, uptr begin, uptr size, u32 stack_id) {
  u32 node = (u32)g->NumNodes();
  if (g->detail == kGraphFull) g->node_begin.push_back(begin);
  g->node_size.push_back(size < kBigNodeSize ? (u32)size : kBigNodeSize);
  g->node_stack.push_back(stack_id);
  if (size >= kBigNodeSize) g->big_sizes.push_back({node, size});
}

// Node v's edges as (dst, src_off, dst_off).
std::vector<std::vector<u32>> EdgesOf(const HeapGraph &g, u32 v) {
  std::vector<std::vector<u32>> out;
  for (u32 e = g.node_edges[v]; e < g.node_edges[v + 1]; e++)
    out.push_back({g.edge_dst[e], g.edge_off[e].src_off, g.edge_off[e].dst_off});
  return out;
}

}  // namespace

TEST(HeapGraph, ResolvesInteriorPointersAndSkipsFreedSlots) {
  Holder *h = (Holder *)calloc(1, sizeof(Holder));
  char *small = (char *)malloc(100);
  char *large = (char *)malloc(3 << 20);  // the large region
  char *freed = (char *)malloc(100);
  free(freed);
  h->fields[0] = small + 40;        // interior
  h->fields[1] = large + (1 << 20);  // interior, a page-granular chunk
  h->fields[2] = freed;             // a free slot: no edge
  h->fields[3] = small + 100;       // one past the end: no edge
  // A block of 0 bytes counts one: a pointer to it is an edge, one past it is not.
  Holder *z = (Holder *)calloc(1, sizeof(Holder));
  char *zero = (char *)malloc(0);
  z->fields[1] = zero + 1;
  z->fields[2] = zero;
  HeapGraph g;
  CaptureHeapGraph(&g);
  ASSERT_TRUE(g.captured);
  intptr_t hn = NodeOf(g, h), sn = NodeOf(g, small), ln = NodeOf(g, large);
  ASSERT_GE(hn, 0);
  ASSERT_GE(sn, 0);
  ASSERT_GE(ln, 0);
  EXPECT_EQ(NodeOf(g, freed), -1);
  EXPECT_EQ(g.Size((u32)sn), 100u);
  EXPECT_EQ(g.Size((u32)ln), (uptr)3 << 20);
  EXPECT_EQ(g.NodeAt((uptr)large + (2 << 20)), ln);
  std::vector<std::vector<u32>> want = {{(u32)sn, 0, 40}, {(u32)ln, 8, 1 << 20}};
  EXPECT_EQ(EdgesOf(g, (u32)hn), want);
  EXPECT_EQ(g.single_edge[hn], kNoSingleEdge);
  intptr_t zn = NodeOf(g, z), zeron = NodeOf(g, zero);
  ASSERT_GE(zn, 0);
  ASSERT_GE(zeron, 0);
  EXPECT_EQ(g.Size((u32)zeron), 0u);
  want = {{(u32)zeron, 16, 0}};
  EXPECT_EQ(EdgesOf(g, (u32)zn), want);
  EXPECT_EQ(g.single_edge[zn], (u32)zeron);
  // Nodes ascend (size classes, then the large region) and edges are well formed.
  for (u32 i = 0; i + 1 < g.NumNodes(); i++) ASSERT_LT(g.Begin(i), g.Begin(i + 1));
  ASSERT_EQ(g.node_edges.size(), g.NumNodes() + 1);
  ASSERT_EQ(g.node_edges[g.NumNodes()], g.NumEdges());
  for (u32 e = 0; e < g.NumEdges(); e++) ASSERT_LT(g.edge_dst[e], g.NumNodes());
  free(zero);
  free(z);
  free(large);
  free(small);
  free(h);
}

TEST(HeapGraph, RetentionCaptureKeepsTheFullCapturesNodesAndEdges) {
  // Enough blocks for several segments and both threads' parts, linked across them.
  std::vector<void **> blocks;
  for (int i = 0; i < 200000; i++) {
    void **b = (void **)malloc(16 + 16 * (i % 3));
    b[0] = blocks.empty() ? nullptr : blocks[(i * 7919) % blocks.size()];
    b[1] = i % 5 || blocks.empty() ? nullptr : (char *)blocks.back() + 8;
    blocks.push_back(b);
  }
  g_probe = (char *)blocks[42] + 8;
  HeapGraph full, light;
  CaptureHeapGraph(&full, kGraphFull);
  CaptureHeapGraph(&light, kGraphRetention);
  ASSERT_TRUE(full.captured && light.captured);
  EXPECT_EQ(light.detail, kGraphRetention);
  EXPECT_TRUE(light.node_begin.empty());
  // The two captures see the same heap (this test allocates nothing between them but
  // what the vectors above hold, and gtest itself is idle).
  ASSERT_EQ(full.NumNodes(), light.NumNodes());
  ASSERT_GE(full.NumNodes(), blocks.size());
  for (u32 i = 0; i < full.NumNodes(); i++) {
    ASSERT_EQ(full.Size(i), light.Size(i)) << i;
    ASSERT_EQ(full.StackId(i), light.StackId(i)) << i;
  }
  // The blocks' edges are the same; the roots' may differ (this thread's stack and
  // registers changed between the captures).
  u32 full_base = full.node_edges[0], light_base = light.node_edges[0];
  ASSERT_EQ(full.NumEdges() - full_base, light.NumEdges() - light_base);
  for (u32 i = 0; i <= full.NumNodes(); i++)
    ASSERT_EQ(full.node_edges[i] - full_base, light.node_edges[i] - light_base) << i;
  ASSERT_EQ(0, memcmp(full.edge_dst.begin() + full_base, light.edge_dst.begin() + light_base,
                      (full.NumEdges() - full_base) * 4));
  ASSERT_EQ(0, memcmp(full.single_edge.begin(), light.single_edge.begin(), full.NumNodes() * 4));
  // Offsets: every edge in the full graph, the roots' edges in the light one, where the
  // global's pointer into a block is found with both of its offsets.
  EXPECT_EQ(full.edge_off.size(), full.NumEdges());
  ASSERT_EQ(light.edge_off.size(), light_base);
  intptr_t target = NodeOf(full, blocks[42]);
  ASSERT_GE(target, 0);
  int found_global = 0;
  for (const GraphRoot &r : light.roots)
    for (u32 e = r.first_edge; e < r.first_edge + r.num_edges; e++)
      found_global += r.kind == kRootGlobal && light.edge_dst[e] == (u32)target &&
                      r.lo + light.edge_off[e].src_off == (uptr)&g_probe && light.edge_off[e].dst_off == 8;
  EXPECT_EQ(found_global, 1);
  // Positive control: the links above are edges of the graph, with their offsets.
  u32 checked = 0;
  for (size_t i = 5; i < blocks.size(); i += 5000) {
    intptr_t v = NodeOf(full, blocks[i]), prev = NodeOf(full, blocks[i - 1]);
    ASSERT_GE(v, 0);
    ASSERT_GE(prev, 0);
    bool found = false;
    for (const std::vector<u32> &e : EdgesOf(full, (u32)v)) found |= e == std::vector<u32>{(u32)prev, 8, 8};
    EXPECT_TRUE(found) << i;
    checked++;
  }
  EXPECT_GT(checked, 30u);
  for (void **b : blocks) free(b);
}

TEST(HeapGraph, SizesOfFourGiBAndMoreAreKeptAside) {
  HeapGraph g;
  g.detail = kGraphRetention;
  AddNode(&g, 0x1000, 48, 7);
  AddNode(&g, 0x2000, (uptr)5 << 30, 8);
  AddNode(&g, 0x3000, kBigNodeSize, 9);  // the first size that does not fit
  AddNode(&g, 0x4000, kBigNodeSize - 1, 10);
  EXPECT_TRUE(g.node_begin.empty());
  ASSERT_EQ(g.NumNodes(), 4u);
  EXPECT_EQ(g.Size(0), 48u);
  EXPECT_EQ(g.Size(1), (uptr)5 << 30);
  EXPECT_EQ(g.Size(2), (uptr)kBigNodeSize);
  EXPECT_EQ(g.Size(3), (uptr)kBigNodeSize - 1);
  EXPECT_EQ(g.big_sizes.size(), 2u);
  EXPECT_EQ(g.StackId(1), 8u);
  HeapGraph f;
  AddNode(&f, 0x1000, 48, 7);
  AddNode(&f, 0x2000, (uptr)5 << 30, 8);
  EXPECT_EQ(f.NodeAt(0x1000 + 47), 0);
  EXPECT_EQ(f.NodeAt(0x1000 + 48), -1);
  EXPECT_EQ(f.NodeAt(0x2000 + ((uptr)4 << 30)), 1);
}

TEST(HeapGraph, TheBaselineScanBuildsTheSameGraph) {
  // The scan's copy without POPCNT (CPUs before 2008-2011) against the one with it.
  std::vector<void **> blocks;
  for (int i = 0; i < 100000; i++) {
    void **b = (void **)malloc(16 + 8 * (i % 5));
    b[0] = blocks.empty() ? nullptr : (char *)blocks[(i * 31) % blocks.size()] + 8 * (i % 2);
    blocks.push_back(b);
  }
  HeapGraph fast, baseline;
  CaptureHeapGraph(&fast, kGraphRetention);
  g_capture_without_popcnt = true;
  CaptureHeapGraph(&baseline, kGraphRetention);
  g_capture_without_popcnt = false;
  ASSERT_EQ(fast.NumNodes(), baseline.NumNodes());
  ASSERT_GE(fast.NumNodes(), blocks.size());
  u32 fb = fast.node_edges[0], bb = baseline.node_edges[0];
  ASSERT_EQ(fast.NumEdges() - fb, baseline.NumEdges() - bb);
  ASSERT_GT(fast.NumEdges() - fb, blocks.size() / 2);  // the links above are there
  ASSERT_EQ(0, memcmp(fast.edge_dst.begin() + fb, baseline.edge_dst.begin() + bb, (fast.NumEdges() - fb) * 4));
  for (u32 i = 0; i < fast.NumNodes(); i++) {
    ASSERT_EQ(fast.node_edges[i] - fb, baseline.node_edges[i] - bb) << i;
    ASSERT_EQ(fast.Size(i), baseline.Size(i)) << i;
    ASSERT_EQ(fast.single_edge[i], baseline.single_edge[i]) << i;
  }
  for (void **b : blocks) free(b);
}

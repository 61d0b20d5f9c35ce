// Ownership over hand-tagged chunks of the runtime's own heap (the unit test runs on
// LeakScope's allocator): a head holding a list of nine, and the visit budget: past it,
// no record gets ownership facts at all.
#include "check/ownership.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <vector>

#include "check/leak_set.h"
#include "heap/allocator.h"

using namespace leakscope;

namespace {
struct Node {
  Node *next;
  long value;
};

__attribute__((noinline)) Node *MakeNode(Node *next) {
  Node *n = (Node *)malloc(sizeof(Node));
  n->next = next;
  return n;
}

__attribute__((noinline)) Node *MakeHead(Node *next) {
  Node *n = (Node *)malloc(sizeof(Node));
  n->next = next;
  return n;
}

struct List {
  Node *head;
  std::vector<Node *> all;
  InternalVector<UnreachableChunk> chunks;
  List() {
    Node *h = nullptr;
    for (int i = 0; i < 9; i++) all.push_back(h = MakeNode(h));
    head = MakeHead(h);
    all.push_back(head);
    std::sort(all.begin(), all.end());
    for (Node *n : all) {
      ChunkMeta *m = ChunkAt((uptr)n);
      m->tag = n == head ? kTagLeaked : kTagIndirect;
      chunks.push_back({(uptr)n, m});
    }
  }
  ~List() {
    for (Node *n : all) free(n);
  }
};
}  // namespace

TEST(Ownership, HeadHoldsTheList) {
  List l;
  LeakSet leaks;
  CollectLeaks(l.chunks, &leaks);
  ComputeOwnership(l.chunks, &leaks);
  ASSERT_EQ(leaks.records.size(), 2u);
  for (LeakRecord &r : leaks.records) {
    EXPECT_TRUE(r.own.known);
    if (!r.indirect) {
      EXPECT_EQ(r.own.held_objects, 9u);
      EXPECT_EQ(r.own.held_bytes, 9 * sizeof(Node));
    } else {
      ASSERT_EQ(r.own.num_holders, 1u);
      EXPECT_EQ(r.own.holders[0], ChunkAt((uptr)l.head)->stack_id);
      EXPECT_EQ(r.own.num_cycles, 0u);
    }
  }
}

TEST(Ownership, BudgetExhaustedMeansNoFacts) {
  List l;
  LeakSet leaks;
  CollectLeaks(l.chunks, &leaks);
  u64 saved = g_ownership_budget;
  g_ownership_budget = 5;  // the list needs 9 visits
  ComputeOwnership(l.chunks, &leaks);
  g_ownership_budget = saved;
  for (LeakRecord &r : leaks.records) {
    EXPECT_FALSE(r.own.known);
    EXPECT_EQ(r.own.held_objects, 0u);
    EXPECT_EQ(r.own.num_holders, 0u);
  }
}

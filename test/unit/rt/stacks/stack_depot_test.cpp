// The stack depot's table growth (stacks/stack_depot.h): stacks inserted before, during
// and after the table grows are found again as the same entries, by every thread, and
// two threads inserting the same new stacks at once end up with one entry each.
#include "stacks/stack_depot.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

using namespace leakscope;

namespace {

// Made-up frames no real allocation has: (salt, i) is a stack of its own. (The test's
// own allocations add real stacks meanwhile, so counts are checked as lower bounds.)
StackEntry *Put(uptr salt, uptr i) {
  uptr frames[3] = {0x2, salt, i};
  return DepotPut(frames, 3, nullptr);
}

TEST(StackDepot, StacksAreFoundAgainAcrossTableGrowth) {
  // More than twice the first table's 64Ki heads: at least one growth on the way.
  constexpr uptr kStacks = 300000;
  u32 before = DepotCount();
  std::vector<StackEntry *> first(kStacks);
  for (uptr i = 0; i < kStacks; i++) first[i] = Put(0xde90, i);
  u32 after = DepotCount();
  EXPECT_GE(after, before + kStacks);
  std::vector<u32> ids;
  for (StackEntry *e : first) ids.push_back(e->id);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(std::unique(ids.begin(), ids.end()) - ids.begin(), (long)kStacks);  // all distinct
  for (uptr i = 0; i < kStacks; i++) {
    ASSERT_EQ(Put(0xde90, i), first[i]) << i;
    ASSERT_EQ(DepotGet(first[i]->id), first[i]);
  }
  EXPECT_LT(DepotCount() - after, 100u);  // the second round found them all
}

TEST(StackDepot, ThreadsInsertingTheSameStacksAtOnceGetOneEntryEach) {
  constexpr uptr kStacks = 200000;
  constexpr int kThreads = 3;
  u32 before = DepotCount();
  std::vector<std::vector<StackEntry *>> got(kThreads, std::vector<StackEntry *>(kStacks));
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; t++)
    threads.emplace_back([&, t] {
      ready++;
      while (ready.load() < kThreads) {
      }
      for (uptr i = 0; i < kStacks; i++) got[t][i] = Put(0xde91, i);
    });
  for (auto &th : threads) th.join();
  EXPECT_GE(DepotCount(), before + kStacks);
  EXPECT_LT(DepotCount() - before - kStacks, 100u);  // not one entry per thread
  for (uptr i = 0; i < kStacks; i++)
    for (int t = 1; t < kThreads; t++) ASSERT_EQ(got[t][i], got[0][i]) << i;
}

}  // namespace

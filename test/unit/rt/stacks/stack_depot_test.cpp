// The stack depot's table growth (stacks/stack_depot.h): stacks inserted before, during
// and after the table grows are found again as the same entries, by every thread, and
// two threads inserting the same new stacks at once end up with one entry each. And its
// two frame layouts (narrow offsets, wide frames) give back the frames they were given
// and tell apart stacks whose frames differ by multiples of 4 GiB.
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

std::vector<uptr> FramesOf(const StackEntry *e) {
  std::vector<uptr> v;
  for (u32 i = 0; i < e->size; i++) v.push_back(e->Frame(i));
  return v;
}

TEST(StackDepot, NarrowEntriesKeepTheirFrames) {
  uptr frames[5] = {0x55550000d000, 0x55550000a123, 0x555500000010, 0x5555ffff0000, 0x555500000010};
  StackEntry *e = DepotPut(frames, 5, nullptr);
  EXPECT_TRUE(e->flags & kStackNarrow);  // all within 4 GiB of the lowest
  EXPECT_EQ(FramesOf(e), std::vector<uptr>(frames, frames + 5));
  EXPECT_EQ(DepotPut(frames, 5, nullptr), e);
}

TEST(StackDepot, WideEntriesKeepTheirFrames) {
  uptr frames[3] = {0x55550000d000, 0x7f1234567890, 0x555500001000};  // program and libc
  StackEntry *e = DepotPut(frames, 3, nullptr);
  EXPECT_FALSE(e->flags & kStackNarrow);
  EXPECT_EQ(FramesOf(e), std::vector<uptr>(frames, frames + 3));
  EXPECT_EQ(DepotPut(frames, 3, nullptr), e);
}

TEST(StackDepot, FramesFourGiBApartAreDifferentStacks) {
  uptr a[3] = {0x66660000d000, 0x66660000a000, 0x666600001000};
  uptr b[3] = {0x66660000d000, 0x66660000a000 + (1ull << 32), 0x666600001000};
  uptr c[3] = {0x66660000d000, 0x66660000a000 - (1ull << 32), 0x666600001000};
  StackEntry *ea = DepotPut(a, 3, nullptr);
  ASSERT_TRUE(ea->flags & kStackNarrow);
  // Same hash chain or not, a narrow compare must not take b or c for a.
  EXPECT_FALSE(StackEntryIs(ea, b, 3, nullptr));
  EXPECT_FALSE(StackEntryIs(ea, c, 3, nullptr));
  EXPECT_TRUE(StackEntryIs(ea, a, 3, nullptr));
  StackEntry *eb = DepotPut(b, 3, nullptr), *ec = DepotPut(c, 3, nullptr);
  EXPECT_NE(eb, ea);
  EXPECT_NE(ec, ea);
  EXPECT_EQ(FramesOf(eb), std::vector<uptr>(b, b + 3));
  EXPECT_EQ(FramesOf(ec), std::vector<uptr>(c, c + 3));
}

}  // namespace

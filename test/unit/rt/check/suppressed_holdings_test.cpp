#include "check/suppressed_holdings.h"

#include <gtest/gtest.h>

using namespace leakscope;

// Records: 0 direct suppressed, 1 direct, 2 indirect (chunks held by 0 and by 1).
// Chunks: c0 in record 0, c1 in record 1, c2..c4 in record 2. c0 -> c2 -> c3: both held
// by the suppressed leak (c3 through c2); c1 -> c4: still reported.
TEST(SuppressedHoldings, HeldChunksLeaveTheirRecord) {
  LeakSet s;
  s.records.push_back({1, false, true, false, 100, 1, 0});
  s.records.push_back({2, false, false, false, 64, 1, 0});
  s.records.push_back({3, true, false, false, 96, 3, 0});
  s.chunks.push_back({0, 100});
  s.chunks.push_back({1, 64});
  s.chunks.push_back({2, 32});
  s.chunks.push_back({2, 32});
  s.chunks.push_back({2, 32});  // c4: held by c1, stays reported
  s.links.push_back({0, 2});
  s.links.push_back({2, 3});
  s.links.push_back({1, 4});
  SuppressHeldChunks(&s);
  ASSERT_EQ(s.records.size(), 4u);
  EXPECT_EQ(s.records[2].bytes, 32u);
  EXPECT_EQ(s.records[2].objects, 1u);
  EXPECT_FALSE(s.records[2].suppressed);
  EXPECT_TRUE(s.records[3].suppressed);  // the twin
  EXPECT_EQ(s.records[3].bytes, 64u);
  EXPECT_EQ(s.records[3].objects, 2u);
  LeakTotals t = SumLeaks(&s);
  EXPECT_EQ(t.bytes, 64u + 32u);
  EXPECT_EQ(t.suppressed_bytes, 100u + 64u);
}

TEST(SuppressedHoldings, AllHeldRecordIsNotReported) {
  LeakSet s;
  s.records.push_back({1, false, true, false, 100, 1, 0});
  s.records.push_back({3, true, false, false, 32, 1, 0});
  s.chunks.push_back({0, 100});
  s.chunks.push_back({1, 32});
  s.links.push_back({0, 1});
  SuppressHeldChunks(&s);
  EXPECT_TRUE(s.records[1].suppressed);
  EXPECT_EQ(SumLeaks(&s).bytes, 0u);
}

TEST(SuppressedHoldings, NothingSuppressedChangesNothing) {
  LeakSet s;
  s.records.push_back({1, false, false, false, 100, 1, 0});
  s.records.push_back({3, true, false, false, 32, 1, 0});
  s.chunks.push_back({0, 100});
  s.chunks.push_back({1, 32});
  s.links.push_back({0, 1});
  SuppressHeldChunks(&s);
  EXPECT_EQ(s.records.size(), 2u);
  EXPECT_EQ(SumLeaks(&s).bytes, 132u);
}

// InternalVector: resize() zeroes new elements, including ones written before a clear,
// pop_back, shrinking resize or Swap (it skips the memset only for memory never
// written since it was mapped).
#include "base/internal_alloc.h"

#include <gtest/gtest.h>

using namespace leakscope;

static bool AllZero(InternalVector<leakscope::u32> &v, uptr from) {
  for (uptr i = from; i < v.size(); i++)
    if (v[i]) return false;
  return true;
}

TEST(InternalVector, ResizeZeroesWhatWasWrittenBefore) {
  InternalVector<u32> v;
  v.resize(100000);
  EXPECT_TRUE(AllZero(v, 0));
  for (uptr i = 0; i < v.size(); i++) v[i] = 7;
  v.clear();
  v.resize(200000);  // grows past the mapping: old part dirty, new part fresh
  EXPECT_TRUE(AllZero(v, 0));
  for (uptr i = 0; i < v.size(); i++) v[i] = 9;
  v.resize(10);
  v.resize(150000);
  EXPECT_EQ(v[9], 9u);
  EXPECT_TRUE(AllZero(v, 10));
  for (int i = 0; i < 1000; i++) v.push_back(5);
  for (int i = 0; i < 1000; i++) v.pop_back();
  v.resize(151000);
  EXPECT_TRUE(AllZero(v, 10));
}

TEST(InternalVector, SwapCarriesWhatWasWritten) {
  InternalVector<u32> a, b;
  for (int i = 0; i < 5000; i++) a.push_back(3);
  a.clear();
  a.Swap(&b);
  b.resize(5000);
  EXPECT_TRUE(AllZero(b, 0));
  a.resize(5000);
  EXPECT_TRUE(AllZero(a, 0));
}

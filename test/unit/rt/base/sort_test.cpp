// The runtime's heap sort: sorted output, every element kept, and n log n time on the
// inputs the insertion sorts it replaced were quadratic on.
#include "base/sort.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

using namespace leakscope;

TEST(HeapSort, SortsAndKeepsEveryElement) {
  std::mt19937 rng(7);
  for (uptr n : {0, 1, 2, 3, 10, 1000, 4097}) {
    std::vector<u32> v(n);
    for (u32 &x : v) x = rng() % 50;  // many ties
    std::vector<u32> want = v;
    std::sort(want.begin(), want.end());
    HeapSort(v.data(), v.size(), [](u32 a, u32 b) { return a < b; });
    EXPECT_EQ(v, want) << "n=" << n;
  }
}

TEST(HeapSort, OrdersByTheGivenLessWithTieBreaks) {
  struct R {
    u32 key, tie;
  };
  std::vector<R> v = {{2, 1}, {1, 9}, {2, 0}, {1, 3}};
  HeapSort(v.data(), v.size(), [](const R &a, const R &b) {
    return a.key != b.key ? a.key > b.key : a.tie < b.tie;  // descending key
  });
  u32 want[][2] = {{2, 0}, {2, 1}, {1, 3}, {1, 9}};
  for (int i = 0; i < 4; i++) {
    EXPECT_EQ(v[i].key, want[i][0]);
    EXPECT_EQ(v[i].tie, want[i][1]);
  }
}

// Reverse-sorted input of 200,000: an insertion sort makes 2*10^10 moves; the heap
// sort's comparisons stay below 2 n log2 n.
TEST(HeapSort, ComparisonsGrowAsNLogN) {
  const uptr n = 200000;
  std::vector<u32> v(n);
  for (uptr i = 0; i < n; i++) v[i] = (u32)(n - i);
  u64 compares = 0;
  HeapSort(v.data(), n, [&](u32 a, u32 b) {
    compares++;
    return a < b;
  });
  EXPECT_TRUE(std::is_sorted(v.begin(), v.end()));
  EXPECT_LT(compares, 2 * n * 18);
}

#include "allocator.h"

#include <gtest/gtest.h>
#include <stdlib.h>

using namespace leakscope;

// The test binary itself runs on the runtime: malloc here is LeakScope's.
TEST(Allocator, EveryChunkIsInTheHeapRange) {
  for (size_t size : {0, 1, 16, 17, 1000, 65536, 65537, 1 << 20}) {
    void *p = malloc(size);
    ASSERT_TRUE(InHeap((uptr)p)) << size;
    EXPECT_EQ(UsableSize(p), size);
    free(p);
  }
}

TEST(Allocator, InteriorPointersFindTheirChunk) {
  for (size_t size : {24, 3000, 200000}) {
    char *p = (char *)malloc(size);
    uptr begin = 0;
    ASSERT_NE(FindChunk((uptr)p + size - 1, &begin), nullptr) << size;
    EXPECT_EQ(begin, (uptr)p);
    EXPECT_EQ(FindChunk((uptr)p + size, &begin) == nullptr || begin != (uptr)p, true);
    free(p);
    EXPECT_EQ(FindChunk((uptr)p, &begin), nullptr);
  }
}

TEST(Allocator, AlignmentIsHonoured) {
  for (size_t align : {32, 64, 256, 4096, 65536}) {
    void *p = nullptr;
    ASSERT_EQ(posix_memalign(&p, align, 100), 0);
    EXPECT_EQ((uptr)p % align, 0u) << align;
    free(p);
  }
}

TEST(Allocator, CallocChecksOverflowAndZeroes) {
  EXPECT_EQ(calloc((size_t)1 << 62, 8), nullptr);
  char *p = (char *)malloc(64);
  memset(p, 0xab, 64);
  free(p);
  char *q = (char *)calloc(8, 8);
  for (int i = 0; i < 64; i++) ASSERT_EQ(q[i], 0);
  free(q);
}

TEST(Allocator, FailedReallocKeepsTheOriginal) {
  char *p = (char *)malloc(10);
  strcpy(p, "keep");
  EXPECT_EQ(realloc(p, (size_t)1 << 50), nullptr);
  EXPECT_STREQ(p, "keep");
  free(p);
}

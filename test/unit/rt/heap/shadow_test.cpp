#include "heap/shadow.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#include "abi.h"
#include "heap/allocator.h"

using namespace leakscope;

extern "C" unsigned __leakscope_epoch_advance(void);
extern "C" unsigned __leakscope_last_write_epoch(const void *p);
extern "C" volatile u8 __leakscope_epoch;

// What instrumented code does for a store to p (the test binary is not instrumented).
static void MarkWrite(const void *p) { ShadowStamp(p); }

TEST(Shadow, AnUnwrittenObjectReportsItsAllocationEpoch) {
  unsigned e = __leakscope_epoch_advance();
  char *p = (char *)malloc(1000);
  EXPECT_EQ(__leakscope_last_write_epoch(p), e);
  // A chunk reused later does not inherit the history of its previous life.
  MarkWrite(p + 900);
  free(p);
  unsigned e2 = __leakscope_epoch_advance();
  char *q = (char *)malloc(1000);
  EXPECT_EQ(__leakscope_last_write_epoch(q), e2);
  free(q);
}

TEST(Shadow, TheMostRecentGranuleWins) {
  char *p = (char *)malloc(4096);
  unsigned e1 = __leakscope_epoch_advance();
  MarkWrite(p + 4000);
  unsigned e2 = __leakscope_epoch_advance();
  MarkWrite(p + 16);
  EXPECT_EQ(__leakscope_last_write_epoch(p + 2000), e2);
  __leakscope_epoch_advance();
  EXPECT_EQ(__leakscope_last_write_epoch(p), e2);
  EXPECT_GT(e2, e1);
  free(p);
}

TEST(Shadow, EpochsAreReconstructedAcrossTheByteWrap) {
  char *p = (char *)malloc(64);
  unsigned alloc = __leakscope_last_write_epoch(p);
  for (int i = 0; i < 300; i++) __leakscope_epoch_advance();
  unsigned written = __leakscope_epoch_advance();
  EXPECT_EQ(__leakscope_epoch, (u8)written);
  MarkWrite(p + 40);
  for (int i = 0; i < 10; i++) __leakscope_epoch_advance();
  EXPECT_EQ(__leakscope_last_write_epoch(p), written);
  EXPECT_GT(written, alloc + 255);
  free(p);
}

TEST(Shadow, AccessesOutsideTheHeapAreIgnored) {
  char local[64];
  __leakscope_epoch_advance();
  MarkWrite(local);  // must not crash, nor stamp anything
  EXPECT_EQ(__leakscope_last_write_epoch(local), ~0u);
  // Positive control: the same call on a heap object does stamp it.
  char *p = (char *)malloc(64);
  unsigned e = __leakscope_epoch_advance();
  MarkWrite(p + 32);
  EXPECT_EQ(__leakscope_last_write_epoch(p), e);
  free(p);
}

// An access deep inside a large chunk (a granule far from the one allocation stamps)
// counts for the whole chunk, whichever address the question names.
TEST(Shadow, AnAccessDeepInsideALargeChunkCounts) {
  char *p = (char *)malloc(1 << 20);
  unsigned before = __leakscope_last_write_epoch(p);
  unsigned e = __leakscope_epoch_advance();
  EXPECT_LT(before, e);
  MarkWrite(p + 150000);
  EXPECT_EQ(__leakscope_last_write_epoch(p), e);
  EXPECT_EQ(__leakscope_last_write_epoch(p + (1 << 20) - 1), e);
  free(p);
}

static long ResidentKiB() {
  long pages = 0, resident = 0;
  FILE *f = fopen("/proc/self/statm", "r");
  if (!f || fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = -1;
  if (f) fclose(f);
  return resident * 4;
}

// Allocation resets the shadow only where something was set: memory no instrumented
// code writes (all of it, without the pass) costs no shadow pages. 64 MiB of heap has
// 4 MiB of shadow.
TEST(Shadow, AllocationLeavesUntouchedShadowPagesUntouched) {
  long before = ResidentKiB();
  char *p = (char *)malloc(64 << 20);
  long grown = ResidentKiB() - before;
  free(p);
  EXPECT_LT(grown, 1024) << "KiB";
}

// The epoch clock and the shadow sweep: stamps stay exact at any age (no aliasing past
// the one-byte stamp's 256 epochs), start times turn epochs into ages.
#include "heap/epoch_clock.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <time.h>

#include "abi.h"
#include "heap/allocator.h"
#include "heap/shadow.h"
#include "heap/shadow_sweep.h"

using namespace leakscope;

extern "C" unsigned __leakscope_last_write_epoch(const void *p);

// What instrumented code does for an access to p (the test binary is not instrumented).
static void Touch(const void *p) { ShadowStamp(p); }

TEST(EpochClock, AnOldStampNeverAliasesToAFreshOne) {
  char *cold = (char *)malloc(100);
  char *big = (char *)malloc(200000);  // a large chunk: folded by its first page
  char *hot = (char *)malloc(100);
  AdvanceEpoch();
  Touch(cold + 50);
  Touch(big + 150000);
  u32 written = CurrentEpoch();
  u32 sweeps = SweepsDone();
  // Thousands of epochs, far past the byte's 256: the stamp wraps 39 times.
  for (int i = 0; i < 10000; i++) {
    AdvanceEpoch();
    if (i % 100 == 0) Touch(hot);
  }
  EXPECT_GE(SweepsDone() - sweeps, 10000u / kSweepEvery - 1);
  EXPECT_EQ(__leakscope_last_write_epoch(cold), written);
  EXPECT_EQ(__leakscope_last_write_epoch(big + 5), written);
  EXPECT_GE(__leakscope_last_write_epoch(hot), CurrentEpoch() - 100);
  // Touched again now: current again.
  Touch(cold);
  EXPECT_EQ(__leakscope_last_write_epoch(cold), CurrentEpoch());
  free(cold);
  free(big);
  free(hot);
}

TEST(EpochClock, AReusedSlotDoesNotInheritAnOldLife) {
  char *p = (char *)malloc(48);
  AdvanceEpoch();
  Touch(p);
  free(p);
  for (int i = 0; i < 1000; i++) AdvanceEpoch();
  char *q = (char *)malloc(48);  // most likely the same slot
  u32 alloc = CurrentEpoch();
  for (int i = 0; i < 300; i++) AdvanceEpoch();
  EXPECT_EQ(__leakscope_last_write_epoch(q), alloc);
  free(q);
}

TEST(EpochClock, AStampWrittenAfterTheReaderReadTheEpochCountsAsNow) {
  char *p = (char *)malloc(64);
  AdvanceEpoch();
  u32 before = CurrentEpoch();
  AdvanceEpoch();
  Touch(p);  // stamped with before + 1
  uptr begin = (uptr)p;
  EXPECT_EQ(ChunkLastAccessEpoch(begin, 64, before), before);
  free(p);
}

TEST(EpochClock, StartTimesAreMonotonicAndAgesAreSeconds) {
  u32 a = AdvanceEpoch();
  struct timespec ts = {0, 20 * 1000 * 1000};
  nanosleep(&ts, nullptr);
  u32 b = AdvanceEpoch();
  u64 now = MonotonicNowNs();
  EXPECT_LE(EpochStartNs(0), EpochStartNs(a));
  EXPECT_GE(EpochStartNs(b) - EpochStartNs(a), 20u * 1000 * 1000);
  EXPECT_EQ(EpochEndNs(a, now), EpochStartNs(a + 1));
  EXPECT_EQ(EpochEndNs(b, now), now);  // the current epoch has not ended
}

// Past the ring of exact start times, an old epoch's start is the next recorded one:
// never earlier than the truth, so an age is never overstated.
TEST(EpochClock, StartTimesOfVeryOldEpochsAreNeverTooEarly) {
  u32 old = AdvanceEpoch();
  u64 exact = EpochStartNs(old);
  for (u32 i = 0; i < kExactEpochs + 100; i++) AdvanceEpoch();
  u64 coarse = EpochStartNs(old);
  EXPECT_GE(coarse, exact);
  EXPECT_LE(coarse, EpochStartNs(old + kCoarseStep));
}

// "Accessed since E?": the read may stop at the first granule stamped at or after E
// (the stale collection's fast path), but below E the answer stays exact.
TEST(EpochClock, ALastAccessBoundStopsEarlyAndIsExactBelowIt) {
  char *p = (char *)malloc(4096);
  uptr begin = (uptr)p;
  u32 first = AdvanceEpoch();
  Touch(p);
  for (int i = 0; i < 5; i++) AdvanceEpoch();
  u32 second = CurrentEpoch();
  Touch(p + 4000);
  AdvanceEpoch();
  u32 now = CurrentEpoch();
  EXPECT_EQ(ChunkLastAccessEpoch(begin, 4096, now), second);  // the whole chunk read
  EXPECT_EQ(ChunkLastAccessEpoch(begin, 4096, now, first), first);  // stopped at granule 0
  EXPECT_EQ(ChunkLastAccessEpoch(begin, 4096, now, first + 1), second);
  EXPECT_EQ(ChunkLastAccessEpoch(begin, 4096, now, now), second);
  free(p);
}

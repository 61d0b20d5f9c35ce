// The per-thread stack cache (stacks/stack_cache.h): what it returns is exactly what the
// depot returns, for stacks that share its slot, that differ only in depth or site; and
// the frame hash the unwinder computes as it walks is the one the depot computes.
#include "stacks/stack_cache.h"

#include "stacks/hybrid_unwind.h"

#include <gtest/gtest.h>

#include <thread>

using namespace leakscope;

namespace {

StackEntry *Cached(const uptr *frames, u32 size, const LeakScopeSite *site) {
  return CachedDepotPut(frames, size, site, FrameHash(frames, size));
}

TEST(StackCache, ReturnsTheDepotsEntry) {
  uptr frames[4] = {0x2, 0xca11e0, 0xca11e1, 0xca11e2};
  StackEntry *e = Cached(frames, 4, nullptr);
  EXPECT_EQ(e, DepotPut(frames, 4, nullptr));
  EXPECT_EQ(Cached(frames, 4, nullptr), e);
  EXPECT_EQ(tls_stack_cache[StackCacheSlot(FrameHash(frames, 4))].entry, e);  // held after the first call
}

TEST(StackCache, StacksInOneSlotStayApart) {
  // Two stacks of one slot, different in one frame. Alternating between them must never
  // return the other's entry.
  uptr a[3] = {0x2, 0xca1200, 0xca1299};
  uptr b[4] = {0x2, 0xca1200, 0xca1201, 0xca1299};
  uptr c[4] = {0x2, 0xca1200, 0xca1202, 0xca1299};
  while (StackCacheSlot(FrameHash(c, 4)) != StackCacheSlot(FrameHash(b, 4))) c[2] += 16;
  StackEntry *eb = DepotPut(b, 4, nullptr), *ec = DepotPut(c, 4, nullptr);
  ASSERT_NE(eb, ec);
  for (int i = 0; i < 4; i++) {
    EXPECT_EQ(Cached(b, 4, nullptr), eb);
    EXPECT_EQ(Cached(c, 4, nullptr), ec);
  }
  // A prefix of a cached stack is a stack of its own.
  EXPECT_EQ(Cached(b, 3, nullptr), DepotPut(b, 3, nullptr));
  EXPECT_NE(Cached(b, 3, nullptr), eb);
  EXPECT_EQ(Cached(a, 3, nullptr), DepotPut(a, 3, nullptr));
}

TEST(StackCache, TheSiteIsPartOfTheKey) {
  static const LeakScopeSite site1 = {"f.cpp", "f", "T", nullptr, 1, 2};
  static const LeakScopeSite site2 = {"f.cpp", "f", "U", nullptr, 3, 4};
  uptr frames[3] = {0x2, 0xca1300, 0xca1301};
  StackEntry *e0 = Cached(frames, 3, nullptr);
  StackEntry *e1 = Cached(frames, 3, &site1);
  StackEntry *e2 = Cached(frames, 3, &site2);
  EXPECT_NE(e0, e1);
  EXPECT_NE(e1, e2);
  EXPECT_EQ(e1, DepotPut(frames, 3, &site1));
  EXPECT_EQ(Cached(frames, 3, &site1), e1);
  EXPECT_EQ(Cached(frames, 3, nullptr), e0);
}

TEST(StackCache, EachThreadHasItsOwn) {
  uptr frames[3] = {0x2, 0xca1400, 0xca1401};
  StackEntry *mine = Cached(frames, 3, nullptr);
  StackEntry *seen_empty = mine, *theirs = nullptr;
  std::thread t([&] {
    seen_empty = tls_stack_cache[StackCacheSlot(FrameHash(frames, 3))].entry;
    theirs = Cached(frames, 3, nullptr);
  });
  t.join();
  // The new thread's slot does not hold this thread's entry: its cache is its own (it
  // may hold another entry: the thread's start-up allocations fill slots of their own,
  // and one of 64 can be this one).
  EXPECT_NE(seen_empty, mine);
  EXPECT_EQ(theirs, mine);  // and it finds the same depot entry
}

__attribute__((noinline)) u32 WalkHere(uptr *pcs, u64 *hash) {
  return UnwindHybrid(pcs, kMaxFrames, 0x2, (uptr)__builtin_frame_address(0), hash);
}

TEST(StackCache, TheUnwindersFrameHashIsTheDepots) {
  uptr pcs[kMaxFrames];
  u64 hash = 0;
  u32 n = WalkHere(pcs, &hash);
  ASSERT_GE(n, 2u);  // the entry PC and at least this test's frame
  EXPECT_EQ(hash, FrameHash(pcs, n));
  u64 h2 = 0;
  EXPECT_EQ(UnwindStackHashed(pcs, 1, 0x2, (uptr)__builtin_frame_address(0), &h2), 1u);
  EXPECT_EQ(h2, FrameHash(pcs, 1));
}

}  // namespace

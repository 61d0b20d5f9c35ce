#include "check/readable_memory.h"

#include <gtest/gtest.h>

#include "heap/allocator.h"

using namespace leakscope;

static void Add(InternalVector<MapEntry> *maps, uptr lo, uptr hi, bool readable) {
  maps->push_back({lo, hi, readable, readable, kMapAnonymous});
}

TEST(ReadableMemory, ClipsToReadableRanges) {
  InternalVector<MapEntry> maps;
  Add(&maps, 0x10000, 0x11000, true);
  Add(&maps, 0x11000, 0x12000, false);
  Add(&maps, 0x12000, 0x14000, true);  // adjacent readable ranges merge with the next
  Add(&maps, 0x14000, 0x15000, true);
  Add(&maps, kHeapBase, kHeapBase + kHeapSize, true);
  ReadableMemory r;
  ASSERT_TRUE(r.Load(maps));
  EXPECT_FALSE(r.heap_has_holes());
  uptr pieces = 0, bytes = 0;
  uptr skipped = r.ForEachReadable(0xf000, 0x16000, [&](uptr lo, uptr hi) {
    pieces++;
    bytes += hi - lo;
  });
  EXPECT_EQ(pieces, 2u);
  EXPECT_EQ(bytes, 0x1000u + 0x3000u);
  EXPECT_EQ(skipped, 0x1000u /* below */ + 0x1000u /* PROT_NONE */ + 0x1000u /* above */);
}

TEST(ReadableMemory, HeapHoles) {
  InternalVector<MapEntry> maps;
  Add(&maps, kHeapBase, kHeapBase + 0x10000, true);
  Add(&maps, kHeapBase + 0x10000, kHeapBase + 0x20000, false);
  Add(&maps, kHeapBase + 0x20000, kHeapBase + kHeapSize, true);
  ReadableMemory r;
  ASSERT_TRUE(r.Load(maps));
  EXPECT_TRUE(r.heap_has_holes());
}

TEST(ReadableMemory, UnloadedMeansEverything) {
  InternalVector<MapEntry> maps;
  ReadableMemory r;
  EXPECT_FALSE(r.Load(maps));
  uptr bytes = 0;
  EXPECT_EQ(r.ForEachReadable(0x1000, 0x3000, [&](uptr lo, uptr hi) { bytes += hi - lo; }), 0u);
  EXPECT_EQ(bytes, 0x2000u);
}

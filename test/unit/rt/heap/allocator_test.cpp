#include "heap/allocator.h"
#include "heap/page_release.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

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

TEST(Allocator, EverySizeGetsTheSmallestClassThatHoldsIt) {
  for (uptr size = 1; size <= kMaxSmallSize; size++) {
    uptr c = ClassForSize(size);
    ASSERT_LT(c, kNumSizeClasses) << size;
    ASSERT_GE(ClassSize(c), size) << size;
    if (c) ASSERT_LT(ClassSize(c - 1), size) << size;
    // Rounding wastes at most a quarter below 1 KiB (16 bytes below 128), an eighth above.
    uptr waste = ClassSize(c) - size;
    if (size > 1024) ASSERT_LE(waste * 8, size) << size;
    else if (size > 128) ASSERT_LE(waste * 4, size) << size;
  }
}

static uptr ResidentPages(uptr lo, uptr hi) {
  lo &= ~(uptr)4095;
  std::vector<unsigned char> v((hi - lo + 4095) / 4096);
  if (mincore((void *)lo, hi - lo, v.data()) != 0) return ~(uptr)0;
  uptr n = 0;
  for (unsigned char b : v) n += b & 1;
  return n;
}

// A program whose phases use different sizes must not keep every phase's peak: whole
// pages of freed chunks go back to the OS when the heap grows elsewhere, and the chunks
// stay usable. For a class whose chunks straddle pages (96 bytes) and for one whose
// chunks tile them (64 bytes: every push takes page_release.h's inline path).
static void FreedPagesGoBack(int size, int next_size) {
  const int kCount = 100000;  // 9.6 MB of 96-byte chunks
  std::vector<char *> v(kCount), next(kCount);
  for (int i = 0; i < kCount; i++) {
    v[i] = (char *)malloc(size);
    memset(v[i], 0x5a, size);
  }
  uptr lo = ~(uptr)0, hi = 0;
  for (char *p : v) lo = std::min(lo, (uptr)p), hi = std::max(hi, (uptr)p + size);
  uptr before = ResidentPages(lo, hi);
  ASSERT_GT(before, (hi - lo) / 4096 / 2);
  // Freed in an order unrelated to addresses, as a std::map frees its nodes.
  for (int i = 0; i < kCount; i++) free(v[(uptr)i * 7919 % kCount]);
  // The next phase: another size, in fresh memory.
  for (int i = 0; i < kCount; i++) next[i] = (char *)malloc(next_size);
  uptr after = ResidentPages(lo, hi);
  EXPECT_LT(after, before / 10) << "resident pages: " << before << " before the frees";
  // Released chunks come back as ordinary memory (zero-filled for calloc).
  for (int i = 0; i < kCount; i++) {
    v[i] = (char *)calloc(1, size);
    ASSERT_EQ(v[i][0] | v[i][size - 1], 0);
    v[i][0] = 1;
  }
  for (char *p : v) free(p);
  for (char *p : next) free(p);
}

TEST(Allocator, FreedPagesGoBackToTheOSWhenTheHeapGrows) { FreedPagesGoBack(90, 40); }
TEST(Allocator, FreedPagesOfPageTilingChunksGoBack) { FreedPagesGoBack(64, 200); }

// The bound the inline push relies on: no page of a class region overlaps fewer chunks
// than g_min_chunks_on_page (so a counter below it cannot mean a whole page), and the
// bound is tight for classes that tile pages.
TEST(Allocator, MinChunksOnPageIsALowerBound) {
  malloc(1);  // the allocator, and with it the table, initialised
  for (uptr c = 0; c < kNumSizeClasses; c++) {
    uptr size = ClassSize(c);
    uptr least = ~(uptr)0;
    for (uptr p = 0; p < 4096; p++) {
      uptr first = p * kPageSize / size, last = (p * kPageSize + kPageSize - 1) / size;
      least = std::min(least, last - first + 1);
    }
    EXPECT_LE(g_min_chunks_on_page[c], least) << "class " << c << " (" << size << " bytes)";
    if (kPageSize % size == 0) EXPECT_EQ(g_min_chunks_on_page[c], kPageSize / size) << size;
  }
}

// Pages are given back while other threads allocate and free in the same classes: no
// chunk a thread holds may lose its contents. Each thread fills its chunks with its own
// pattern, switches sizes phase by phase (so classes fall idle and their pages get
// released while the heap grows elsewhere), and checks every chunk before freeing it.
TEST(Allocator, PageReleaseNeverTakesMemoryInUse) {
  constexpr int kThreads = 4, kPhases = 6, kChunks = 20000;
  std::atomic<int> corrupted{0};
  auto worker = [&](int id) {
    std::vector<unsigned char *> held(kChunks);
    for (int phase = 0; phase < kPhases; phase++) {
      size_t size = 24 + 40 * ((phase + id) % 4);  // neighbouring threads share classes
      unsigned char tag = (unsigned char)(id * 16 + phase + 1);
      for (int i = 0; i < kChunks; i++) {
        held[i] = (unsigned char *)malloc(size);
        memset(held[i], tag, size);
      }
      // Free two thirds in an order unrelated to addresses; check and free the rest later.
      for (int i = 0; i < kChunks; i++) {
        if (i % 3 == 0) continue;
        unsigned char *p = held[(size_t)i * 7919 % kChunks];
        if (!p) continue;
        for (size_t k = 0; k < size; k++)
          if (p[k] != tag) corrupted++;
        free(p);
        held[(size_t)i * 7919 % kChunks] = nullptr;
      }
      for (unsigned char *&p : held) {
        if (!p) continue;
        for (size_t k = 0; k < size; k++)
          if (p[k] != tag) corrupted++;
        free(p);
        p = nullptr;
      }
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; t++) threads.emplace_back(worker, t);
  for (std::thread &t : threads) t.join();
  EXPECT_EQ(corrupted.load(), 0);
}

// The 16-bit halves the concurrent accessors use sit where the bitfields are.
TEST(Allocator, MetaHalvesMatchTheFields) {
  ChunkMeta m = {};
  m.tag = kTagIgnored;
  EXPECT_EQ(MetaHalves(&m)[1], 3u << kMetaTagShift);
  m = {};
  m.state = kChunkCentral;
  EXPECT_EQ(MetaHalves(&m)[1], (u16)kChunkCentral << kMetaStateShift);
  EXPECT_EQ(MetaState(&m), (u32)kChunkCentral);
  m = {};
  m.stack_id = (1u << 28) - 1;
  EXPECT_EQ(MetaStackId(&m), (1u << 28) - 1);
  EXPECT_EQ(MetaHalves(&m)[0], 0xffffu);
  EXPECT_EQ(MetaHalves(&m)[1], 0x0fffu);
  m = {};
  m.slack = 1234;
  EXPECT_EQ(MetaSlack(&m), 1234u);
  SetMetaIgnored(&m);
  EXPECT_TRUE(m.ignored);
  EXPECT_EQ(m.slack, 1234u);
  m = {};
  m.stack_id = 0x0abcdef;
  m.state = kChunkAllocated;
  MarkTag(&m, kTagReachable);
  EXPECT_EQ(m.tag, (u32)kTagReachable);
  EXPECT_EQ(m.stack_id, 0x0abcdefu);
  EXPECT_EQ(m.state, (u32)kChunkAllocated);
  ResetTag(&m, kTagLeaked);
  EXPECT_EQ(m.tag, (u32)kTagLeaked);
  EXPECT_EQ(m.stack_id, 0x0abcdefu);
  ChunkMeta c = LoadMeta(&m);
  EXPECT_EQ(memcmp(&c, &m, sizeof(m)), 0);
}

// The marker tags a chunk while a thread the check could not stop frees and reuses it:
// the marker's tag (an atomic OR) never undoes the allocator's writes, so the last state
// and stack id the allocator wrote are the ones that stay (a plain read-modify-write of
// the word would write back the state it read before the free).
TEST(Allocator, MarkerTagsNeverUndoTheAllocatorsWrites) {
  alignas(8) static ChunkMeta metas[4];
  for (int trial = 0; trial < 200; trial++) {
    ChunkMeta *m = &metas[trial % 4];
    ChunkMeta init = {};
    init.state = kChunkAllocated;
    init.stack_id = 5;
    StoreMeta(m, init);
    std::atomic<bool> done{false};
    std::thread owner([&] {
      for (u32 i = 0; i < 2000; i++) {
        SetMetaState(m, kChunkFree);  // free()
        ChunkMeta a = {};
        a.state = kChunkAllocated;
        a.stack_id = i;
        StoreMeta(m, a);  // malloc() reusing it
      }
      ChunkMeta central = {};
      central.state = kChunkCentral;
      central.stack_id = 777;  // a central-list link
      StoreMeta(m, central);
      done = true;
    });
    while (!done.load(std::memory_order_relaxed)) {
      ChunkMeta v = LoadMeta(m);
      if (v.state == kChunkAllocated && v.tag == kTagLeaked) MarkTag(m, kTagReachable);
      else ResetTag(m, kTagLeaked);
    }
    owner.join();
    ChunkMeta end = LoadMeta(m);
    ASSERT_EQ(end.state, (u32)kChunkCentral) << "trial " << trial;
    ASSERT_EQ(end.stack_id, 777u) << "trial " << trial;
  }
}

// A chunk allocated where allocations are ignored (__lsan_disable, the runtime's own libc
// calls) is born tagged kTagIgnored: a runtime thread keeps running during a leak check,
// and a chunk it allocates after the check reset the tags must not look leaked (the
// snapshot thread's pthread_getattr_np was reported once, as a short program exited).
extern "C" void __leakscope_disable(void);
extern "C" void __leakscope_enable(void);

TEST(Allocator, IgnoredChunksAreBornTaggedIgnored) {
  // Through the API, not tls_disable_depth itself: the compiler may move a plain TLS
  // write across malloc, which it knows touches no memory of the program's.
  __leakscope_disable();
  void *ignored = malloc(40);
  __leakscope_enable();
  void *normal = malloc(40);
  uptr begin;
  ChunkMeta a = LoadMeta(FindChunk((uptr)ignored, &begin));
  ChunkMeta b = LoadMeta(FindChunk((uptr)normal, &begin));
  EXPECT_TRUE(a.ignored);
  EXPECT_EQ(a.tag, kTagIgnored);
  EXPECT_FALSE(b.ignored);  // the control: an ordinary chunk starts as a leak candidate
  EXPECT_EQ(b.tag, kTagLeaked);
  free(ignored);
  free(normal);
}

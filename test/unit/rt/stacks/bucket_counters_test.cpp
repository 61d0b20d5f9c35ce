// The per-thread bucket counters (stacks/bucket_counters.h): what each thread counts
// into its own table adds up, over every table, to the totals across threads; tables
// go from a thread that ends to the next one, counts included; a thread never writes
// a table it does not own, even when its TLS points at one.
#include "stacks/bucket_counters.h"

#include <gtest/gtest.h>

#include <pthread.h>
#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "stacks/stack_depot.h"

using namespace leakscope;

namespace {

// A depot id nothing else counts into: a stack made of made-up frames.
u32 FreshId() {
  static std::atomic<uptr> next{0x7e570000};
  uptr frames[2] = {0x1, next++};
  return DepotPut(frames, 2, nullptr)->id;
}

bool Equal(const BucketCounters &a, const BucketCounters &b) {
  return a.alloc_objects == b.alloc_objects && a.alloc_bytes == b.alloc_bytes &&
         a.free_objects == b.free_objects && a.free_bytes == b.free_bytes;
}

TEST(BucketCounters, MergedPerThreadCountsEqualTheTotalAcrossThreads) {
  constexpr int kThreads = 4, kRounds = 200000;
  u32 shared = FreshId();
  u32 own[kThreads];
  for (u32 &id : own) id = FreshId();
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; t++) {
    threads.emplace_back([&, t] {
      ready++;
      while (ready.load() < kThreads) {
      }  // all at once: each has a table of its own meanwhile
      for (int i = 0; i < kRounds; i++) {
        BucketAlloc(shared, 16 + t);
        BucketAlloc(own[t], 100);
        if (i % 2) BucketFree(shared, 16 + t);
      }
    });
  }
  for (auto &th : threads) th.join();
  BucketCounters s = BucketRead(shared);
  u64 bytes = 0, freed = 0;
  for (int t = 0; t < kThreads; t++) bytes += (u64)kRounds * (16 + t), freed += (u64)(kRounds / 2) * (16 + t);
  EXPECT_EQ(s.alloc_objects, (u64)kThreads * kRounds);
  EXPECT_EQ(s.alloc_bytes, bytes);
  EXPECT_EQ(s.free_objects, (u64)kThreads * (kRounds / 2));
  EXPECT_EQ(s.free_bytes, freed);
  for (int t = 0; t < kThreads; t++) {
    BucketCounters o = BucketRead(own[t]);
    EXPECT_EQ(o.alloc_objects, (u64)kRounds);
    EXPECT_EQ(o.alloc_bytes, (u64)kRounds * 100);
    EXPECT_EQ(o.free_objects, 0u);
  }
  // The positive control: the counts really were spread over several tables (the
  // merge is what made them exact), not all in one.
  u32 tables_with_counts = 0;
  for (BucketTable *t = BucketTables(); t; t = t->next) {
    BucketCounters *page = t->pages[shared / kIdsPerPage];
    if (page && page[shared % kIdsPerPage].alloc_objects) tables_with_counts++;
  }
  EXPECT_EQ(tables_with_counts, (u32)kThreads);
}

TEST(BucketCounters, ReadRangeMatchesRead) {
  u32 ids[3] = {FreshId(), FreshId(), FreshId()};
  for (int i = 0; i < 3; i++)
    for (int k = 0; k <= i; k++) BucketAlloc(ids[i], 8 * (k + 1));
  BucketFree(ids[2], 8);
  std::thread([&] { BucketAlloc(ids[1], 1000); BucketFree(ids[0], 8); }).join();
  u32 first = ids[0], n = ids[2] - ids[0] + 1;  // ids are consecutive here, maybe not exactly
  std::vector<BucketCounters> range(n);
  BucketReadRange(first, n, range.data());
  for (u32 k = 0; k < n; k++) EXPECT_TRUE(Equal(range[k], BucketRead(first + k))) << "id " << first + k;
  EXPECT_EQ(range[ids[1] - first].alloc_bytes, 8u + 16u + 1000u);
  EXPECT_EQ(range[ids[0] - first].free_objects, 1u);
}

TEST(BucketCounters, AnEndedThreadsTableAndCountsGoToTheNextThread) {
  u32 id = FreshId();
  std::thread([&] { BucketAlloc(id, 64); }).join();  // the exit hook releases its table
  u32 tables = BucketTableCount();
  for (int i = 0; i < 20; i++)
    std::thread([&] {
      BucketAlloc(id, 64);
      BucketFree(id, 64);
    }).join();
  EXPECT_EQ(BucketTableCount(), tables);  // one after the other: each adopted a released table
  BucketCounters c = BucketRead(id);
  EXPECT_EQ(c.alloc_objects, 21u);
  EXPECT_EQ(c.alloc_bytes, 21u * 64);
  EXPECT_EQ(c.free_objects, 20u);
}

// Threads on stacks of their own (pthread_attr_setstack, all mapped at once so no two
// share an address), so each has a thread pointer never seen before (glibc puts the
// thread control block at the top of the stack): only the exit hook's release lets the
// next thread reuse a table.
TEST(BucketCounters, TablesAreReusedByThreadsWithNewThreadPointers) {
  constexpr int kThreads = 20;
  constexpr size_t kStack = 256 << 10;
  u32 id = FreshId();
  char *stacks = (char *)mmap(nullptr, kStack * (kThreads + 1), PROT_READ | PROT_WRITE,
                              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(stacks, MAP_FAILED);
  static uptr tps[kThreads + 1];
  struct Arg {
    u32 id;
    uptr *tp;
  };
  auto run = [](void *p) -> void * {
    Arg *a = (Arg *)p;
    *a->tp = ThreadPointer();
    BucketAlloc(a->id, 8);
    free(malloc(100));
    return nullptr;
  };
  u32 tables = 0;
  for (int i = 0; i <= kThreads; i++) {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstack(&attr, stacks + i * kStack, kStack);
    Arg a = {id, &tps[i]};
    pthread_t t;
    ASSERT_EQ(pthread_create(&t, &attr, run, &a), 0);
    pthread_join(t, nullptr);
    pthread_attr_destroy(&attr);
    if (i == 0) tables = BucketTableCount();
  }
  std::sort(tps, tps + kThreads + 1);
  EXPECT_EQ(std::unique(tps, tps + kThreads + 1) - tps, kThreads + 1);  // all new thread pointers
  EXPECT_LE(BucketTableCount(), tables + 1);
  EXPECT_EQ(BucketRead(id).alloc_objects, (u64)kThreads + 1);
  munmap(stacks, kStack * (kThreads + 1));
}

TEST(BucketCounters, AThreadNeverWritesATableItDoesNotOwn) {
  u32 id = FreshId();
  BucketAlloc(id, 1);  // this thread's table now has the page of id
  BucketTable *mine = tls_bucket_table;
  ASSERT_NE(mine, nullptr);
  BucketCounters *slot = &mine->pages[id / kIdsPerPage][id % kIdsPerPage];
  std::thread([&] {
    tls_bucket_table = mine;  // as if its TLS had been copied from this thread's
    BucketAlloc(id, 1000);
    EXPECT_NE(tls_bucket_table, mine);  // it took a table of its own
  }).join();
  EXPECT_EQ(slot->alloc_objects, 1u);
  EXPECT_EQ(slot->alloc_bytes, 1u);
  EXPECT_EQ(BucketRead(id).alloc_bytes, 1001u);
}

TEST(BucketCounters, ConcurrentReadsNeverGoBackNorShowMoreFreedThanAllocated) {
  u32 id = FreshId();
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int i = 0; i < 300000; i++) {
      BucketAlloc(id, 24);
      BucketFree(id, 24);
    }
    done = true;
  });
  BucketCounters last = {};
  bool ok = true;
  while (!done.load()) {
    BucketCounters c = BucketRead(id);
    ok &= c.alloc_objects >= last.alloc_objects && c.free_objects >= last.free_objects;
    ok &= c.free_objects <= c.alloc_objects && c.free_bytes <= c.alloc_bytes;
    last = c;
  }
  writer.join();
  EXPECT_TRUE(ok);
  EXPECT_EQ(BucketRead(id).free_objects, 300000u);
}

}  // namespace

// The lock inventory (base/locks.h): every rank has its lock registered, the walks take
// and release every one of them, and a Mutex waiter sleeps instead of spinning.
#include "base/locks.h"

#include <gtest/gtest.h>
#include <pthread.h>
#include <time.h>

#include <set>
#include <string>

using namespace leakscope;

namespace {

std::set<u32> RegisteredRanks() {
  std::set<u32> ranks;
  for (const LockRecord *r = LockRecordsBegin(); r != LockRecordsEnd(); r++)
    ranks.insert((u32)r->rank(r->first));
  return ranks;
}

TEST(Locks, EveryRankHasExactlyOneRegisteredLock) {
  std::set<u32> seen;
  for (const LockRecord *r = LockRecordsBegin(); r != LockRecordsEnd(); r++) {
    u32 rank = (u32)r->rank(r->first);
    ASSERT_LT(rank, kNumLockRanks) << "a registered lock with rank kLocal or out of range";
    EXPECT_TRUE(seen.insert(rank).second) << "two registrations of " << LockRankName((LockRank)rank);
    EXPECT_GE(r->count, 1u);
    // Every lock of an array has the rank of the first.
    for (u32 i = 1; i < r->count; i++)
      EXPECT_EQ(r->rank((char *)r->first + (uptr)i * r->stride), (LockRank)rank);
  }
  for (u32 k = 0; k < kNumLockRanks; k++)
    EXPECT_TRUE(seen.count(k)) << LockRankName((LockRank)k) << " is in the inventory but no lock "
                               << "of that rank is registered (LS_REGISTER_LOCK)";
}

TEST(Locks, RankNamesAndWorldFlags) {
  EXPECT_STREQ(LockRankName(LockRank::kDepotSites), "kDepotSites");
  EXPECT_EQ(LockRankName(LockRank::kLocal), nullptr);
  EXPECT_TRUE(LockRankForWorld(LockRank::kRootRegions));
  EXPECT_FALSE(LockRankForWorld(LockRank::kInternalAlloc));
  for (u32 k = 0; k < kNumLockRanks; k++) EXPECT_NE(std::string(LockRankWhat((LockRank)k)), "");
}

bool AllLocked(bool want, bool world_only) {
  for (const LockRecord *r = LockRecordsBegin(); r != LockRecordsEnd(); r++) {
    if (world_only && !LockRankForWorld(r->rank(r->first))) continue;
    for (u32 i = 0; i < r->count; i++)
      if (r->is_locked((char *)r->first + (uptr)i * r->stride) != want) return false;
  }
  return true;
}

TEST(Locks, LockAllTakesEveryLockAndUnlockAllReleasesThem) {
  ASSERT_EQ(RegisteredRanks().size(), kNumLockRanks);
  ASSERT_TRUE(AllLocked(false, false));  // control: nothing held before
  LockAllInOrder();
  bool all = AllLocked(true, false);
  UnlockAllInOrder();
  EXPECT_TRUE(all);
  EXPECT_TRUE(AllLocked(false, false));
}

TEST(Locks, WorldLocksAreTheFlaggedOnes) {
  LockForStoppedWorld();
  bool world = AllLocked(true, true);
  bool other_free = true;
  for (const LockRecord *r = LockRecordsBegin(); r != LockRecordsEnd(); r++)
    if (!LockRankForWorld(r->rank(r->first)) && r->is_locked(r->first)) other_free = false;
  UnlockForStoppedWorld();
  EXPECT_TRUE(world);
  EXPECT_TRUE(other_free);
  EXPECT_TRUE(AllLocked(false, false));
}

double ThreadCpuMs() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

struct Waiter {
  Mutex *mutex;
  SpinLock *spin;
  double cpu_ms;
};

void *WaitFor(void *arg) LS_NO_THREAD_SAFETY_ANALYSIS {
  Waiter *w = (Waiter *)arg;
  double t0 = ThreadCpuMs();
  if (w->mutex) {
    w->mutex->Lock();
    w->mutex->Unlock();
  } else {
    w->spin->Lock();
    w->spin->Unlock();
  }
  w->cpu_ms = ThreadCpuMs() - t0;
  return nullptr;
}

double WaiterCpuMs(Mutex *m, SpinLock *s) LS_NO_THREAD_SAFETY_ANALYSIS {
  if (m) m->Lock();
  else s->Lock();
  Waiter w = {m, s, 0};
  pthread_t t;
  pthread_create(&t, nullptr, WaitFor, &w);
  timespec hold = {0, 300 * 1000 * 1000};
  nanosleep(&hold, nullptr);
  if (m) m->Unlock();
  else s->Unlock();
  pthread_join(t, nullptr);
  return w.cpu_ms;
}

// A long hold of a Mutex costs its waiter no CPU; the same hold of a SpinLock (the
// control) burns the waiter's CPU for the whole hold.
TEST(Locks, MutexWaiterSleepsSpinLockWaiterSpins) {
  Mutex m{LockRank::kLocal};
  SpinLock s{LockRank::kLocal};
  EXPECT_LT(WaiterCpuMs(&m, nullptr), 10.0);
  EXPECT_GT(WaiterCpuMs(nullptr, &s), 30.0);
}

// The locks held through symbolization, report writing, snapshots, CFI compilation and
// the stopped world are Mutexes: fork() and a second check wait for them asleep.
TEST(Locks, LongHoldsAreMutexes) {
  std::set<u32> want = {(u32)LockRank::kSnapshotServe, (u32)LockRank::kSnapshot,
                        (u32)LockRank::kLeakCheck, (u32)LockRank::kThreadRegistry,
                        (u32)LockRank::kSymbolizer, (u32)LockRank::kUnwindModules};
  u32 found = 0;
  for (const LockRecord *r = LockRecordsBegin(); r != LockRecordsEnd(); r++) {
    if (!want.count((u32)r->rank(r->first))) continue;
    found++;
    EXPECT_TRUE(r->blocking) << LockRankName(r->rank(r->first)) << " spins";
  }
  EXPECT_EQ(found, want.size());
  // Control: the allocator's per-class locks are held for a few instructions and spin.
  for (const LockRecord *r = LockRecordsBegin(); r != LockRecordsEnd(); r++)
    if (r->rank(r->first) == LockRank::kAllocatorClass) EXPECT_FALSE(r->blocking);
}

}  // namespace

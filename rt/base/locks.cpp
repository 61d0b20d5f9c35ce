// The lock table's walks (see locks.h): every registered lock in rank order, for fork()
// and the stop-the-world path. They allocate nothing and take no other lock, so they
// work in fork handlers and with the world about to stop.
#include "base/locks.h"

namespace leakscope {

// The linker defines these for the `leakscope_locks` section; weak, so that a link
// without any registered lock (none today) still resolves them.
extern "C" const LockRecord __start_leakscope_locks[] __attribute__((weak, visibility("hidden")));
extern "C" const LockRecord __stop_leakscope_locks[] __attribute__((weak, visibility("hidden")));

const LockRecord *LockRecordsBegin() { return __start_leakscope_locks; }
const LockRecord *LockRecordsEnd() { return __stop_leakscope_locks; }

namespace {
struct RankInfo {
  const char *name;
  const char *what;
  bool world;
};
constexpr RankInfo kRanks[] = {
#define LS_RANK_INFO(rank, world, what) {#rank, what, world != 0},
    LS_LOCK_INVENTORY(LS_RANK_INFO)
#undef LS_RANK_INFO
};
static_assert(sizeof(kRanks) / sizeof(kRanks[0]) == kNumLockRanks, "one entry per rank");
}  // namespace

const char *LockRankName(LockRank rank) {
  return (u32)rank < kNumLockRanks ? kRanks[(u32)rank].name : nullptr;
}
const char *LockRankWhat(LockRank rank) {
  return (u32)rank < kNumLockRanks ? kRanks[(u32)rank].what : nullptr;
}
bool LockRankForWorld(LockRank rank) { return (u32)rank < kNumLockRanks && kRanks[(u32)rank].world; }

static void *At(const LockRecord &r, u32 i) { return (char *)r.first + (uptr)i * r.stride; }

static void LockRecordsOfRank(u32 rank) {
  for (const LockRecord *r = LockRecordsBegin(); r != LockRecordsEnd(); r++)
    if ((u32)r->rank(r->first) == rank)
      for (u32 i = 0; i < r->count; i++) r->lock(At(*r, i));
}

static void UnlockRecordsOfRank(u32 rank) {
  for (const LockRecord *r = LockRecordsEnd(); r != LockRecordsBegin();) {
    r--;
    if ((u32)r->rank(r->first) == rank)
      for (u32 i = r->count; i-- > 0;) r->unlock(At(*r, i));
  }
}

void LockAllInOrder() {
  for (u32 k = 0; k < kNumLockRanks; k++) LockRecordsOfRank(k);
}

void UnlockAllInOrder() {
  for (u32 k = kNumLockRanks; k-- > 0;) UnlockRecordsOfRank(k);
}

void LockForStoppedWorld() {
  for (u32 k = 0; k < kNumLockRanks; k++)
    if (kRanks[k].world) LockRecordsOfRank(k);
}

void UnlockForStoppedWorld() {
  for (u32 k = kNumLockRanks; k-- > 0;)
    if (kRanks[k].world) UnlockRecordsOfRank(k);
}

void LockRankLocks(LockRank rank) { LockRecordsOfRank((u32)rank); }
void UnlockRankLocks(LockRank rank) { UnlockRecordsOfRank((u32)rank); }

}  // namespace leakscope

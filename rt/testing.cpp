// Test hooks: entry points only tests call, to put the runtime in states a test cannot
// reach through the API (a runtime lock held by one thread while another forks). Not
// in the public header; each is harmless to call (it takes and releases ordinary locks).
#include <string.h>

#include "base/common.h"
#include "base/locks.h"
#include "base/report_io.h"

using namespace leakscope;

static bool RankByName(const char *name, LockRank *out) {
  for (u32 k = 0; k < kNumLockRanks; k++) {
    if (name && !strcmp(LockRankName((LockRank)k), name)) {
      *out = (LockRank)k;
      return true;
    }
  }
  Warn("no runtime lock named '%s' (base/locks.h lists them)", name ? name : "(null)");
  return false;
}

// Takes every lock of the rank named `name` ("kDepotSites", ...) on the calling thread;
// 0 on success, -1 for an unknown name. __leakscope_test_unlock releases them.
LS_INTERFACE int __leakscope_test_lock(const char *name) {
  LockRank r;
  if (!RankByName(name, &r)) return -1;
  LockRankLocks(r);
  return 0;
}

LS_INTERFACE int __leakscope_test_unlock(const char *name) {
  LockRank r;
  if (!RankByName(name, &r)) return -1;
  UnlockRankLocks(r);
  return 0;
}

// 1 when the locks of rank i are Mutexes (waiters sleep), 0 for SpinLocks, -1 past the end.
LS_INTERFACE int __leakscope_test_lock_blocking(unsigned i) {
  for (const LockRecord *r = LockRecordsBegin(); r != LockRecordsEnd(); r++)
    if ((u32)r->rank(r->first) == i) return r->blocking ? 1 : 0;
  return -1;
}

// The name of rank i (nullptr past the end).
LS_INTERFACE const char *__leakscope_test_lock_name(unsigned i) {
  return i < kNumLockRanks ? LockRankName((LockRank)i) : nullptr;
}

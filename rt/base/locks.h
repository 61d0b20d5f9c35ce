// The runtime's locks: their two kinds, their one order, and the table that lets fork()
// and the stop-the-world path take them all.
//
// Order. Every runtime lock has a rank, listed in LS_LOCK_INVENTORY below, lowest first.
// A thread that holds a lock of rank R takes only locks of higher rank (locks of one
// array, the allocator's per-class locks, in index order; any lock out of order only
// with TryLock). The fork handlers (rt/fork.cpp) take every lock in this order before
// fork and release them after it in parent and child, so a child never starts with a
// lock held by a thread it does not have, nor with the data behind one half-written;
// the stop-the-world path (world/stop_the_world.cpp) takes the locks marked `world`
// before it stops anyone, so no stopped thread holds a lock the stopped-world callback
// needs. rt/README.md repeats the order; test/lit/threads/fork_lock_held.cpp forks
// while each lock is held.
//
// Kinds. SpinLock for holds of a few instructions (free lists, depot growth); Mutex
// (futex) for holds that may last long: symbolization, a whole leak check, a snapshot.
// A thread waiting for a Mutex sleeps in the kernel, so fork() or a second check
// waiting behind a long one costs no CPU. Neither is a pthread mutex: the program may
// interpose pthread functions, and the stop signal's handler may wait on a futex.
//
// Adding a lock: one line in LS_LOCK_INVENTORY at its place in the order, then
//   SpinLock g_my_lock{LockRank::kMyLock};   LS_REGISTER_LOCK(g_my_lock);
// at its definition (a lock type has no default constructor, so no lock escapes the
// inventory; test/unit/rt/base/locks_test.cpp checks that every rank is registered).
// A lock that lives on one thread's stack (the marker's work pool) has rank kLocal and
// is not registered: it exists only inside one leak check, which fork waits for.
#pragma once

#include "base/futex.h"
#include "base/thread_safety.h"

namespace leakscope {

// X(rank, world, what it guards). `world`: 1 when the stopped-world callback reads what
// the lock guards, so RunWithWorldStopped takes it before stopping the world.
#define LS_LOCK_INVENTORY(X)                                                                    \
  X(kSnapshotServe, 0, "profile/snapshot_trigger.cpp: serving snapshot requests")              \
  X(kSnapshot, 0, "profile/snapshot.cpp: one snapshot at a time, the snapshot caches")         \
  X(kLeakCheck, 0, "check/leak_check.cpp: one leak check at a time, marking to report")        \
  X(kThreadRegistry, 0, "world/threads.cpp: the thread registry; held while the world stops")  \
  X(kRootRegions, 1, "check/roots.cpp: the registered root regions")                           \
  X(kSignalChain, 0, "world/signal_chain.cpp: the program's action for the stop signal")       \
  X(kPendingSarif, 0, "report/retention_sarif.cpp: pinned records waiting for the SARIF run") \
  X(kHtmlReport, 0, "report/html_report.cpp: the HTML report's file, a section at a time")  \
  X(kSymbolizer, 0, "stacks/symbolizer.cpp: module list, symbol cache, llvm-symbolizer child") \
  X(kDataSymbols, 0, "stacks/data_symbols.cpp: the mapped module file of the last lookup")     \
  X(kAllocatorInit, 0, "heap/allocator.cpp: allocator start-up")                               \
  X(kAllocatorClass, 0, "heap/allocator.cpp: a size class's central free list (one per class)") \
  X(kAllocatorLarge, 0, "heap/allocator.cpp: the large region's free runs")                    \
  X(kUnwindModules, 0, "stacks/hybrid_unwind.cpp: the modules' compiled CFI")                  \
  X(kDepotInit, 0, "stacks/stack_depot.cpp: depot start-up")                                   \
  X(kDepotArena, 0, "stacks/stack_depot.cpp: the entry arena, inserts, table growth")       \
  X(kDepotSites, 0, "stacks/stack_depot.cpp: the copies of allocation sites")                  \
  X(kShadowEpoch, 0, "heap/epoch_clock.cpp: advancing the access epoch, and its shadow sweep")   \
  X(kInternalAlloc, 0, "base/internal_alloc.cpp: the runtime's own free lists")

enum class LockRank : u8 {
#define LS_RANK_ENUM(rank, world, what) rank,
  LS_LOCK_INVENTORY(LS_RANK_ENUM)
#undef LS_RANK_ENUM
  kCount,
  kLocal = 0xff,  // on one thread's stack, inside one leak check: not in the table
};
constexpr u32 kNumLockRanks = (u32)LockRank::kCount;

// A test-and-test-and-set spin lock, for short holds.
class LS_CAPABILITY("mutex") SpinLock {
 public:
  static constexpr bool kBlocking = false;
  constexpr explicit SpinLock(LockRank rank) : rank_(rank) {}
  SpinLock(const SpinLock &) = delete;
  SpinLock &operator=(const SpinLock &) = delete;

  void Lock() LS_ACQUIRE() {
    while (__atomic_exchange_n(&locked_, 1, __ATOMIC_ACQUIRE)) {
      while (__atomic_load_n(&locked_, __ATOMIC_RELAXED)) __builtin_ia32_pause();
    }
  }
  bool TryLock() LS_TRY_ACQUIRE(true) { return !__atomic_exchange_n(&locked_, 1, __ATOMIC_ACQUIRE); }
  void Unlock() LS_RELEASE() { __atomic_store_n(&locked_, 0, __ATOMIC_RELEASE); }
  bool IsLocked() const { return __atomic_load_n(&locked_, __ATOMIC_RELAXED) != 0; }
  LockRank rank() const { return rank_; }

 private:
  u32 locked_ = 0;
  LockRank rank_;
};

// A mutex whose waiters sleep in the kernel, for holds that may last. state_: 0
// unlocked, 1 locked, 2 locked with (possible) waiters; Unlock wakes one waiter only in
// state 2. A short spin first: most holds are short even here.
class LS_CAPABILITY("mutex") Mutex {
 public:
  static constexpr bool kBlocking = true;
  constexpr explicit Mutex(LockRank rank) : rank_(rank) {}
  Mutex(const Mutex &) = delete;
  Mutex &operator=(const Mutex &) = delete;

  void Lock() LS_ACQUIRE() {
    u32 c = 0;
    if (__atomic_compare_exchange_n(&state_, &c, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
      return;
    for (int i = 0; i < 100 && c == 1; i++) {
      __builtin_ia32_pause();
      c = 0;
      if (__atomic_compare_exchange_n(&state_, &c, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
        return;
    }
    if (c != 2) c = __atomic_exchange_n(&state_, 2, __ATOMIC_ACQUIRE);
    while (c != 0) {
      FutexWait(&state_, 2);
      c = __atomic_exchange_n(&state_, 2, __ATOMIC_ACQUIRE);
    }
  }
  bool TryLock() LS_TRY_ACQUIRE(true) {
    u32 c = 0;
    return __atomic_compare_exchange_n(&state_, &c, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
  }
  void Unlock() LS_RELEASE() {
    if (__atomic_exchange_n(&state_, 0, __ATOMIC_RELEASE) == 2) FutexWake(&state_, 1);
  }
  bool IsLocked() const { return __atomic_load_n(&state_, __ATOMIC_RELAXED) != 0; }
  LockRank rank() const { return rank_; }

 private:
  u32 state_ = 0;
  LockRank rank_;
};

template <typename L>
class LS_SCOPED_CAPABILITY ScopedLock {
 public:
  explicit ScopedLock(L *l) LS_ACQUIRE(l) : l_(l) { l_->Lock(); }
  ~ScopedLock() LS_RELEASE() { l_->Unlock(); }
  ScopedLock(const ScopedLock &) = delete;
  ScopedLock &operator=(const ScopedLock &) = delete;

 private:
  L *l_;
};
template <typename L>
using ScopedLockOf = ScopedLock<L>;

// ---- The table ----------------------------------------------------------------------------
// One record per registered lock (or array of locks), in the `leakscope_locks` section of
// the runtime's objects: the linker gathers them, so the table needs no start-up code and
// is complete before the first constructor runs.
struct LockRecord {
  void *first;
  u32 count;   // locks in the array
  u32 stride;  // bytes between them
  void (*lock)(void *);
  void (*unlock)(void *);
  bool (*try_lock)(void *);
  bool (*is_locked)(const void *);
  LockRank (*rank)(const void *);
  bool blocking;  // a Mutex (waiters sleep), not a SpinLock
};

template <typename L>
struct LockOps {
  static void Lock(void *l) LS_NO_THREAD_SAFETY_ANALYSIS { ((L *)l)->Lock(); }
  static void Unlock(void *l) LS_NO_THREAD_SAFETY_ANALYSIS { ((L *)l)->Unlock(); }
  static bool TryLock(void *l) LS_NO_THREAD_SAFETY_ANALYSIS { return ((L *)l)->TryLock(); }
  static bool IsLocked(const void *l) { return ((const L *)l)->IsLocked(); }
  static LockRank Rank(const void *l) { return ((const L *)l)->rank(); }
  static constexpr bool kBlocking = L::kBlocking;
};

#define LS_LOCK_CONCAT2(a, b) a##b
#define LS_LOCK_CONCAT(a, b) LS_LOCK_CONCAT2(a, b)
// Registers `count` locks starting at the lvalue `first`, `stride` bytes apart.
#define LS_REGISTER_LOCK_ARRAY(first, count, stride)                                         \
  __attribute__((used, section("leakscope_locks"), aligned(8))) static const                \
      ::leakscope::LockRecord LS_LOCK_CONCAT(ls_lock_record_, __LINE__) = {                 \
          (void *)&(first), (count), (stride),                                               \
          &::leakscope::LockOps<__typeof__(first)>::Lock,                                    \
          &::leakscope::LockOps<__typeof__(first)>::Unlock,                                  \
          &::leakscope::LockOps<__typeof__(first)>::TryLock,                                 \
          &::leakscope::LockOps<__typeof__(first)>::IsLocked,                                \
          &::leakscope::LockOps<__typeof__(first)>::Rank,                                    \
          ::leakscope::LockOps<__typeof__(first)>::kBlocking}
#define LS_REGISTER_LOCK(lock) LS_REGISTER_LOCK_ARRAY(lock, 1, 0)

// What the rank is called and what it guards ("kDepotSites", ...); nullptr if none.
const char *LockRankName(LockRank rank);
const char *LockRankWhat(LockRank rank);
// Whether RunWithWorldStopped takes locks of this rank before stopping the world.
bool LockRankForWorld(LockRank rank);
// The registered records, in link order.
const LockRecord *LockRecordsBegin();
const LockRecord *LockRecordsEnd();

// Every registered lock in rank order / released in reverse: fork.cpp.
void LockAllInOrder();
void UnlockAllInOrder();
// The `world` locks in rank order / released in reverse: stop_the_world.cpp.
void LockForStoppedWorld();
void UnlockForStoppedWorld();
// Every lock of one rank (test hooks: a thread holds a lock while another forks).
void LockRankLocks(LockRank rank);
void UnlockRankLocks(LockRank rank);

}  // namespace leakscope

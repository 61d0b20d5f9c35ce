// Stale memory: live heap blocks that instrumented code has not accessed (read or
// written; written only, in a track_loads=0 build) for at least a given age, grouped
// by allocation stack, and optionally by age range (heap snapshots' `age_s` label).
//
// Which blocks count (each rule is what the report promises):
//  * allocated and not leaked: CollectStale runs right after a mark (the caller's
//    CollectLeaksLocked) and skips chunks tagged leaked or indirect, so a block is a leak
//    or stale, never both; chunks allocated since the mark carry the "leaked" tag of a
//    fresh allocation and are skipped too (they are young anyway);
//  * not ignored (__lsan_ignore_object, __lsan_disable, the loader's allocations);
//  * allocated by instrumented code: a block whose allocation call has no site of the
//    pass was made by code the pass did not see (libc, uninstrumented libraries), which
//    may well be the only code touching it; it is left out rather than called stale;
//  * age = now - end of the epoch of its last access (shadow_sweep.h), a lower bound:
//    a block is never called older than it is (by more than one clock period).
// Reports run it with the world stopped (the chunk metadata holds still). Snapshots do
// not: stopping the world interrupts every thread's sleep or blocking call (EINTR), a
// side effect a periodic snapshot must not have. They read the chunk metadata while the
// program runs, as the snapshot's bucket counters are read: a block allocated or freed
// meanwhile may be counted or not, and a metadata word torn by a racing allocation can
// at worst put one block under a wrong or unknown stack (DepotGet of a bad id is null,
// and then the block is left out). Allocates only InternalVector memory (none once the
// set has grown to size), never symbolizes.
#pragma once

#include "base/internal_alloc.h"

namespace leakscope {

struct StaleRecord {
  u32 stack_id;
  u32 age_range;  // index into kStaleAgeRanges (snapshots), 0 in reports
  u64 bytes, objects;
  u64 min_age_ns, max_age_ns;  // youngest and oldest block of the record
  uptr sample;                 // the record's biggest block (its retention path's target)
  uptr sample_size;
};

struct StaleSet {
  InternalVector<StaleRecord> records;
  u64 min_age_ns;  // the threshold the set was collected with
  u64 skipped_bytes, skipped_objects;  // old enough, but allocated by uninstrumented code
  // The records' hash index (record index + 1, keyed by stack and age range). Kept with
  // the set, like the records, so that a set reused for every snapshot maps no memory
  // once it has grown to size (a warm snapshot must not: see profile/snapshot.cpp).
  InternalVector<u32> index;
};

// Lower bounds (seconds) of the age ranges heap snapshots split stale samples by; a
// sample's `age_s` label is its range's lower bound, or the threshold for the first.
constexpr u32 kStaleAgeRanges[] = {0,    10,    30,    60,     120,    300,    600,  1800,
                                   3600, 7200, 21600, 86400, 259200, 604800, 2592000};
constexpr u32 kNumStaleAgeRanges = sizeof(kStaleAgeRanges) / sizeof(kStaleAgeRanges[0]);

enum class StaleMark {
  kMark,         // mark the heap first: leaked blocks are not stale (reports)
  kUseLastMark,  // the caller just marked (a snapshot with snapshot_leaks=1)
  kNoMark,       // every live block counts, leaked or not (snapshots: no marking pause)
};
// Collects the stale blocks (age >= min_age_s) into *out, one record per stack, or per
// (stack, age range) when by_age_range. Takes the check lock; stops the world for
// kMark only. Without a stopped world, `pace` (if given) is called every few thousand
// chunks: a snapshot's writer steps aside there (profile/snapshot.cpp).
void CollectStaleNow(StaleSet *out, u32 min_age_s, bool by_age_range, StaleMark mark,
                     void (*pace)() = nullptr);
// Sorts records by bytes, descending (ties: stack id, then age range).
void SortStale(StaleSet *set);
struct StaleTotals {
  u64 bytes, objects, records;
};
StaleTotals SumStale(const StaleSet *set);

}  // namespace leakscope

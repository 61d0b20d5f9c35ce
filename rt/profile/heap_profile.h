// The heap profile: the stack depot's buckets encoded as a pprof profile.proto message
// (github.com/google/pprof/proto/profile.proto; field numbers in the .cpp).
//
// Shape, chosen so `go tool pprof` reads it like one of Go's own heap profiles:
//  * sample types alloc_objects/count, alloc_space/bytes, [leaked_objects/count,
//    leaked_space/bytes,] [stale_objects/count, stale_space/bytes,]
//    inuse_objects/count, inuse_space/bytes[, pinned_space/bytes]: inuse_space is named
//    as default_sample_type, so it is what pprof shows by default;
//  * stale memory (blocks not accessed for stale_after_s, check/stale_set.h) comes as
//    extra samples after a stack's sample, one per age range, with only the stale values
//    set and a numeric label `age_s` (the range's lower bound, at least stale_after_s):
//    `pprof -sample_index=stale_space` shows where it was allocated, `-tagfocus` by age;
//  * period_type space/bytes, period 1: every allocation is counted, none is sampled,
//    so the values need no scaling;
//  * one sample per stack bucket, leaf first, without frame 0 (the runtime's
//    allocation entry point). Numeric label `bytes`: the bucket's average block size,
//    alloc_bytes / alloc_objects (rounded down). A bucket is keyed by stack, not by
//    size, and keeps only totals, so this is the exact block size whenever every
//    allocation from the stack had the same size (the common case: `new T`, fixed-size
//    buffers) and the mean otherwise. String label `type` when the pass knew the
//    allocated type;
//  * every frame symbolized here (function, file, line; inline frames as several Line
//    entries, innermost first), and every mapping marked as symbolized: pprof never
//    completes a partly symbolized mapping, and the file must open without the binary.
//    A frame nothing is known about is named "MODULE+0xOFFSET";
//  * location addresses are the real return addresses minus one (inside the call
//    instruction) and mappings carry their start, file name and GNU build ID, so
//    `pprof -base` matches locations across runs by (address - mapping start).
//
// Counters are read without stopping anyone: free counters first, then allocation
// counters, so that in-use values never go negative for a bucket being freed into.
#pragma once

#include "profile/protobuf_writer.h"
#include "stacks/stack_depot.h"

namespace leakscope {

struct LeakCounts {
  u64 objects, bytes;
};

// Stale blocks of one entry in one age range (sorted by entry, then age).
struct StaleSample {
  u32 entry;  // index into HeapProfileInput::entries
  u32 age_s;  // the age range's lower bound
  u64 objects, bytes;
};

struct HeapProfileInput {
  StackEntry *const *entries;  // the buckets to encode
  const BucketCounters *counts;  // parallel to entries: their counters, read once
  uptr num_entries;
  bool with_leaks;             // add the leaked_* sample types
  const LeakCounts *leaks;     // parallel to entries (when with_leaks)
  u64 time_nanos;              // wall-clock time of the snapshot
  const char *comment;         // free text shown by `pprof -comments`, or nullptr
  void (*pace)();              // called every few dozen samples (see snapshot.cpp), or nullptr
  bool with_stale = false;     // add the stale_* sample types
  const StaleSample *stale = nullptr;  // the stale samples (when with_stale)
  uptr num_stale = 0;
  u32 stale_after_s = 0;       // the threshold the stale samples used (when with_stale): a
                               // second comment `stale_after_s=N`, which `leakscope stale` reads
  const u64 *pinned = nullptr;  // parallel to entries: pinned bytes (check/pinned.h); nullptr:
                                // no pinned_space sample type (it comes last when present)
};

// Appends every depot entry that ever counted an allocation to *out, and its counters
// (one read of every table, bucket_counters.h) to *counts.
void CollectDepotEntries(InternalVector<StackEntry *> *out, InternalVector<BucketCounters> *counts);

// What one profile leaves for the next (symbolized locations, strings, each stack's
// encoded frames): with it, a profile of stacks seen before costs no symbolization and
// O(stacks) work. Its entries must be depot entries (stable id -> frames); not
// thread-safe (the snapshot lock guards it). Lives until the process exits.
struct ProfileCache;
ProfileCache *NewProfileCache();

// Encodes the profile (plain protobuf, not compressed) into *w. Without a cache, every
// frame is looked up afresh.
void BuildHeapProfile(const HeapProfileInput &in, ProtoWriter *w, ProfileCache *cache = nullptr);

}  // namespace leakscope

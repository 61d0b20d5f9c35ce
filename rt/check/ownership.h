// Leak ownership: for each leak record, which leaked memory it holds and who holds it.
//
//  * a direct record holds the indirect chunks reachable from its chunks through leaked
//    chunks only: `  holds B byte(s) in N indirectly leaked object(s)`. A chunk reachable
//    from two direct records counts for both (each one, freed alone, would not free it);
//    within one record it counts once;
//  * an indirect record names the direct records (by allocation stack) whose chunks
//    reach its chunks, at most kMaxHolders of them (more_holders: there are others);
//  * a chunk no direct chunk reaches is held by a lost cycle: LeakSanitizer's
//    classification is kept (it stays indirect), and the record says which cycles its
//    chunks are members of, `  part of a lost cycle of N object(s), B byte(s)`: a
//    cycle is a strongly connected component (two chunks or more) of the leaked chunks
//    no direct chunk reaches. Chunks hanging off a cycle but not on it get no line.
//
// Computed with the world stopped, right after classification, from the unreachable
// chunks only (a run without leaks does no work here), with InternalVector memory only.
// The per-record traversals are bounded by a budget of chunk visits: past it, no
// record gets ownership facts (`complete` stays false) rather than partial ones.
#pragma once

#include "base/common.h"

namespace leakscope {

constexpr u32 kMaxHolders = 4;
constexpr u32 kMaxCycles = 4;

struct RecordOwnership {
  bool known;  // ownership was computed for this record
  u64 held_bytes, held_objects;  // direct records
  u32 holders[kMaxHolders];      // indirect records: stack ids of holding direct records
  u32 num_holders;
  bool more_holders;  // there are holders beyond these
  struct Cycle {
    u64 objects, bytes;
  } cycles[kMaxCycles];  // the largest distinct lost cycles its chunks belong to, largest first
  u32 num_cycles;
  u32 more_cycles;  // distinct cycles beyond these
};

struct LeakSet;
struct UnreachableChunk;
template <typename T>
class InternalVector;

// Fills every record's `own` from the unreachable chunks (tagged leaked or indirect by
// the Marker, in ForEachChunk order, i.e. ascending address). World stopped.
// `readable` (the check's, or nullptr: all readable) clips the chunks read, as the
// marker clips them.
class ReadableMemory;
void ComputeOwnership(const InternalVector<UnreachableChunk> &chunks, LeakSet *leaks,
                      const ReadableMemory *readable = nullptr);

// Chunk visits ComputeOwnership may spend (tests lower it).
extern u64 g_ownership_budget;

}  // namespace leakscope

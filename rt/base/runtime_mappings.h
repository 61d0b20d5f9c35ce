// The runtime's own mappings, so the check can tell them from the program's.
//
// The leak check scans the program's anonymous mappings (check/mapped_roots.h); the
// runtime's own (the thread registry, the stack depot, the check's work arrays, the
// internal allocator) hold heap addresses too, the leaked ones included, and must never
// count as roots. Every mapping the runtime makes outside the heap range is registered
// here when made and unregistered before it is unmapped.
//
// Lock-free: a fixed table of [begin, end) slots claimed by compare-and-swap, because it
// is updated by the checking thread while the world is stopped, when a stopped thread
// may have been inside an update itself (a lock would deadlock). A full table is
// reported once; the mappings that did not fit are then scanned as the program's
// (which can only hide a leak, never invent one).
#pragma once

#include "base/common.h"

namespace leakscope {

// What a mapping holds, for the report of the runtime's resident memory
// (heap/resident_memory.h).
enum class RuntimeMemory : u8 {
  kOther,            // helper threads' stacks, anything not named below
  kHeap,             // the heap range itself (the program's blocks)
  kAllocatorMetadata,  // chunk metadata, the large region's page map, release counters
  kShadow,           // the access shadow and its clock's tables
  kStackDepot,       // stacks and their hash tables
  kBucketCounters,   // per-stack allocation counters
  kWorkArrays,       // the internal allocator: the checks' and reports' arrays
  kCount
};

void RegisterRuntimeMapping(void *begin, uptr size, RuntimeMemory what = RuntimeMemory::kOther);
void UnregisterRuntimeMapping(void *begin);
// Calls fn(begin, end, arg) for each registered mapping.
void ForEachRuntimeMapping(void (*fn)(uptr begin, uptr end, void *arg), void *arg);
// The same with what each mapping holds.
void ForEachRuntimeMappingOf(void (*fn)(uptr begin, uptr end, RuntimeMemory what, void *arg), void *arg);

}  // namespace leakscope

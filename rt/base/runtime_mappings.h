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

void RegisterRuntimeMapping(void *begin, uptr size);
void UnregisterRuntimeMapping(void *begin);
// Calls fn(begin, end, arg) for each registered mapping.
void ForEachRuntimeMapping(void (*fn)(uptr begin, uptr end, void *arg), void *arg);

}  // namespace leakscope

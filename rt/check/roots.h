// Roots of the leak check: where a live program may keep pointers to the heap.
//
//  * globals: writable PT_LOAD segments of every loaded module (use_globals);
//  * the program's own anonymous mappings (use_mmap; mapped_roots.h);
//  * stacks and registers of every thread (use_stacks, use_registers);
//  * TLS (use_tls) and user root regions (use_root_regions).
// Each root range is handed to the Marker. Runs with the world stopped.
#pragma once

#include "check/marker.h"

namespace leakscope {

// The writable segments of the loaded modules, listed before the world is stopped
// (dl_iterate_phdr takes the loader's lock; roots.cpp says why that matters).
struct GlobalRange {
  uptr lo, hi;
};
void GatherGlobals(InternalVector<GlobalRange> *out);
void ScanGlobals(Marker *m, const InternalVector<GlobalRange> &globals);
// The calling thread: its stack from `sp` up, and its registers spilled to the stack.
void ScanCurrentThread(Marker *m);
void ScanRootRegions(Marker *m);

// Root regions registered by __lsan_register_root_region.
void AddRootRegion(uptr begin, uptr size);
bool RemoveRootRegion(uptr begin, uptr size);

}  // namespace leakscope

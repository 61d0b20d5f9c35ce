// Roots of the leak check: where a live program may keep pointers to the heap.
//
//  * globals: writable PT_LOAD segments of every loaded module (use_globals);
//  * stacks and registers of every thread (use_stacks, use_registers);
//  * TLS (use_tls) and user root regions (use_root_regions).
// Each root range is handed to the Marker. Runs with the world stopped.
#pragma once

#include "check/marker.h"

namespace leakscope {

void ScanGlobals(Marker *m);
// The calling thread: its stack from `sp` up, and its registers spilled to the stack.
void ScanCurrentThread(Marker *m);
void ScanRootRegions(Marker *m);

// Root regions registered by __lsan_register_root_region.
void AddRootRegion(uptr begin, uptr size);
bool RemoveRootRegion(uptr begin, uptr size);

}  // namespace leakscope

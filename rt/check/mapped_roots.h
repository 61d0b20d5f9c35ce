// The program's own anonymous mappings as roots (use_mmap, on by default).
//
// Programs keep heap pointers in memory they mmap themselves: Python's pymalloc arenas,
// custom pools and arenas, JIT data. Not scanning them reports every block they hold
// as leaked (python3 -c 'print(1)' showed 13,628 bytes in 6 "leaks"). Valgrind scans
// them; so does LeakScope, from the /proc/self/maps read with the world stopped:
// every readable, writable anonymous mapping (no file; [heap] and [anon:NAME] count)
// except
//   * the runtime's own mappings (base/runtime_mappings.h): the heap range, which is
//     scanned chunk by chunk, the registry, the depot, the check's work arrays;
//   * stacks, which are scanned from their stack pointer (dead frames below it would
//     hide leaks): [stack], every mapping holding a registered thread's stack (cached
//     stacks of exited threads too), and any mapping right above a PROT_NONE guard
//     page (how pthread and coroutine stacks are laid out);
//   * the modules' writable segments, which are globals (use_globals), and the threads'
//     static TLS blocks (use_tls), whole pages of them.
// Pages the program never touched are skipped without being read (/proc/self/pagemap:
// neither present nor swapped), so a large reservation costs little; a page of the
// list unmapped since the maps were read (the check's own arrays move when they grow)
// reads as not present too.
#pragma once

#include "base/proc_maps.h"
#include "check/marker.h"
#include "check/roots.h"

namespace leakscope {

void ScanMappedRoots(Marker *m, const InternalVector<MapEntry> &maps,
                     const InternalVector<GlobalRange> &globals);

}  // namespace leakscope

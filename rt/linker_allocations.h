// Allocations made by the dynamic linker (ld.so): thread DTVs, dlopen bookkeeping.
//
// They are live but often pointed to only from memory no root covers: a DTV hangs off
// the thread control block, which for a cached (exited, detached) thread's stack is in
// no live thread's range. LeakSanitizer treats chunks allocated by the linker as
// reachable; so does LeakScope: the allocator marks them ignored (ignored chunks are
// roots and never reported).
//
// The linker's address range comes from the auxiliary vector (AT_BASE) and its program
// headers, read once without locks: the first query may run inside ld.so itself, while
// it holds its own locks, so dl_iterate_phdr is out.
#pragma once

#include "common.h"

namespace leakscope {

// True when pc lies in the dynamic linker's mapped segments (never in a static binary).
bool IsDynamicLinkerPc(uptr pc);

}  // namespace leakscope

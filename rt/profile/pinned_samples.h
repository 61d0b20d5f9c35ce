// pinned_space in heap snapshots (report_pinned=1): the bytes of pinned blocks
// (check/pinned.h) per allocation stack, for the snapshot's stack entries. Captures the
// heap graph: one more stop of the world per snapshot while the option is on.
#pragma once

#include "base/internal_alloc.h"
#include "stacks/stack_depot.h"

namespace leakscope {

// out[i] = pinned bytes of blocks allocated from entries[i].
void PinnedBytesByEntry(InternalVector<StackEntry *> &entries, InternalVector<u64> *out);

}  // namespace leakscope

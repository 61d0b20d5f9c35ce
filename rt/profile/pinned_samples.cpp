// pinned_space per stack entry (pinned_samples.h).
#include "profile/pinned_samples.h"

#include "check/heap_graph.h"
#include "check/pinned.h"

namespace leakscope {

void PinnedBytesByEntry(InternalVector<StackEntry *> &entries, InternalVector<u64> *out) {
  out->resize(entries.size());
  HeapGraph g;
  CaptureHeapGraph(&g);
  GraphReach reach;
  ComputeReach(g, &reach);
  InternalVector<PinnedBlock> blocks;
  FindPinned(g, reach, &blocks);
  if (blocks.empty()) return;
  InternalVector<u64> by_id;
  by_id.resize(DepotCount() + 1);
  for (PinnedBlock &b : blocks) {
    u32 id = g.StackId(b.node);
    if (id < by_id.size()) by_id[id] += g.Size(b.node);
  }
  for (uptr i = 0; i < entries.size(); i++)
    if (entries[i]->id < by_id.size()) (*out)[i] = by_id[entries[i]->id];
}

}  // namespace leakscope

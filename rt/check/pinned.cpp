// Pinned blocks (pinned.h): one pass over the edges whose source is reachable, keeping
// per big node the lowest and highest offset pointed to.
#include "check/pinned.h"

namespace leakscope {

namespace {
struct Extent {
  u32 lo, hi;  // offsets pointed to; lo > hi: none yet
};
}  // namespace

void FindPinned(const HeapGraph &g, const GraphReach &r, InternalVector<PinnedBlock> *out) {
  uptr n = g.NumNodes();
  // Big nodes are few: an index only for them.
  InternalVector<u32> big;  // node -> 1 + extent index
  InternalVector<Extent> ext;
  big.resize(n);
  for (uptr i = 0; i < n; i++)
    if (g.Size((u32)i) >= kPinnedMinSize && r.Reachable((u32)i)) {
      ext.push_back({0xFFFFFFFFu, 0});
      big[i] = (u32)ext.size();
    }
  if (ext.empty()) return;
  auto note = [&](u32 e) {
    if (!big[g.edge_dst[e]]) return;
    Extent &x = ext[big[g.edge_dst[e]] - 1];
    u32 off = g.edge_off[e].dst_off;
    if (off < x.lo) x.lo = off;
    if (off > x.hi) x.hi = off;
  };
  for (uptr k = 0; k < g.roots.size(); k++) {
    const GraphRoot &root = g.roots[k];
    for (u32 e = root.first_edge; e < root.first_edge + root.num_edges; e++) note(e);
  }
  for (uptr v = 0; v < n; v++) {
    if (!r.Reachable((u32)v)) continue;
    for (u32 e = g.node_edges[v]; e < g.node_edges[v + 1]; e++) note(e);
  }
  for (uptr i = 0; i < n; i++) {
    if (!big[i]) continue;
    Extent &x = ext[big[i] - 1];
    if (x.lo > x.hi || x.lo == 0) continue;  // no pointer seen, or one to the start
    u64 span = (u64)x.hi - x.lo + 1;
    if (span <= g.Size((u32)i) / 8) out->push_back({(u32)i, span});
  }
}

}  // namespace leakscope

// Breadth-first search from the roots and path reconstruction (retention_paths.h).
#include "check/retention_paths.h"

namespace leakscope {

void ComputeReach(const HeapGraph &g, GraphReach *r) {
  uptr n = g.NumNodes();
  r->parent.resize(n);
  r->parent_edge.resize(n);
  r->depth.resize(n);
  for (uptr i = 0; i < n; i++) r->parent[i] = kNoParent;
  InternalVector<u32> queue;
  for (uptr k = 0; k < g.roots.size(); k++) {
    const GraphRoot &root = g.roots[k];
    for (u32 e = root.first_edge; e < root.first_edge + root.num_edges; e++) {
      u32 d = g.edge_dst[e];
      if (r->parent[d] != kNoParent) continue;
      r->parent[d] = kParentIsRoot | (u32)k;
      r->parent_edge[d] = e;
      r->depth[d] = 1;
      queue.push_back(d);
    }
  }
  for (uptr head = 0; head < queue.size(); head++) {
    u32 v = queue[head];
    for (u32 e = g.node_edges[v]; e < g.node_edges[v + 1]; e++) {
      u32 d = g.edge_dst[e];
      if (r->parent[d] != kNoParent) continue;
      r->parent[d] = v;
      r->parent_edge[d] = e;
      r->depth[d] = r->depth[v] + 1;
      queue.push_back(d);
    }
  }
}

u32 RetentionPath(const HeapGraph &g, const GraphReach &r, u32 node, PathStep *out, u32 max,
                  u32 *elided) {
  *elided = 0;
  if (!max || r.parent[node] == kNoParent) return 0;
  // Walk back to the root, counting; then fill from the root outwards.
  u32 len = 0;
  for (u32 v = node;;) {
    u32 p = r.parent[v];
    len++;
    if (p & kParentIsRoot) break;
    v = p;
  }
  u32 keep = len <= max ? len : max;
  if (len > max) *elided = len - max;
  // Step i (0 = root) of the full path is written at i when i < keep - 1, and the
  // last step (i = len - 1) at keep - 1.
  u32 i = len;
  for (u32 v = node;;) {
    u32 p = r.parent[v];
    i--;
    PathStep s = {(p & kParentIsRoot) != 0, p & ~kParentIsRoot, g.edge_off[r.parent_edge[v]].src_off};
    if (i == len - 1) out[keep - 1] = s;
    else if (i < keep - 1) out[i] = s;
    if (p & kParentIsRoot) break;
    v = p;
  }
  return keep;
}

}  // namespace leakscope

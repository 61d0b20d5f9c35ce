// Which roots share a block no single root dominates (see shared_roots.h).
#include "report/shared_roots.h"

namespace leakscope {

bool SharedRoots::Get(u32 n, u32 *a, u32 *b, bool *m) const {
  u32 slot = slot_of.Get(MixKey((u64)n + 1), kNoDominator);
  if (slot == kNoDominator) return false;
  *a = first[slot];
  *b = second[slot];
  *m = more[slot];
  return true;
}

namespace {

class Labeler {
 public:
  Labeler(const RetentionTree &t, SharedRoots *out) : t_(t), d_(t.dom), g_(t.Flow()), out_(out) {}

  void Run() {
    u32 n = (u32)d_.order.size(), k = t_.num_named;
    const u32 *order = d_.order.begin(), *idom = d_.idom_number.begin();
    bool any = false;
    for (u32 i = 1; i < n && !any; i++) any = idom[i] == 0 && order[i] > k;
    if (!any) return;  // most heaps: no block is shared
    // Per number, the virtual root's child above it (an idom's number is smaller, so one
    // pass in preorder). Not a range search over the children's numbers: a child's
    // subtree need not be one run of the DFS preorder (a block two roots share, found
    // through the first, is numbered inside that root's run, and the first root's
    // blocks numbered after it are still its own).
    top_.resize(n);
    top_[0] = 0;
    for (u32 i = 1; i < n; i++) top_[i] = idom[i] == 0 ? i : top_[idom[i]];
    shared_.resize((g_.n + 63) / 64);
    for (u32 i = 1; i < n; i++) {
      if (order[top_[i]] <= k) continue;  // under a named root
      u32 v = order[i];
      shared_[v / 64] |= 1ull << (v % 64);
      out_->slot_of.GetOrPut(MixKey((u64)i + 1), (u32)out_->number.size(), &fresh_);
      out_->number.push_back(i);
    }
    uptr s = out_->number.size();
    out_->first.resize(s);
    out_->second.resize(s);
    out_->more.resize(s);
    out_->strong.resize(s);
    // The edges entering the shared region, in one sequential pass over the graph: a
    // bit test an edge (the bitmap stays in cache); the source's root only for those.
    struct Seed {
      u32 target, label;
      bool weak_root_edge;  // from a weak named root itself
    };
    InternalVector<Seed> seeds;
    auto seed = [&](u32 v, u32 slot) {
      u32 from = d_.number[v];
      if (from != kNoDominator) seeds.push_back({slot, order[top_[from]], v <= k && Weak(v)});
    };
    for (u32 v = 1; v < g_.head && v < g_.n; v++) {
      if (IsShared(v)) continue;
      ForEachSharedSuccessor(v, [&](u32 slot) { seed(v, slot); });
    }
    // The tail's edges in one run over the edge array (the targets only, a bit test
    // each); the source, for the few edges that enter the region, by a cursor over the
    // tail's CSR starts, which only moves forward. Same seeds, same order as vertex by
    // vertex.
    if (g_.n > g_.head) {
      u32 tail_n = g_.n - g_.head, x = 0;
      const u32 *start = g_.tail_start, *dst = g_.tail_dst;
      for (u32 e = start[0]; e < start[tail_n]; e++) {
        u32 w = g_.head + dst[e];
        if (!IsShared(w)) continue;
        while (start[x + 1] <= e) x++;
        u32 v = g_.head + x;
        if (IsShared(v)) continue;
        seed(v, out_->slot_of.Get(MixKey((u64)d_.number[w] + 1), 0));
      }
    }
    // Round 1: the strong roots (and what they alone hold) label the shared region;
    // round 2: the weak ones, a weak root's own edges only into shared vertices no
    // strong root reached (the tree dropped its other edges).
    for (int round = 1; round <= 2; round++) {
      bool weak_round = round == 2;
      if (weak_round)
        for (uptr x = 0; x < s; x++) out_->strong[x] = out_->first[x] != 0;
      for (const Seed &seed : seeds) {
        if (Weak(seed.label) != weak_round) continue;
        if (seed.weak_root_edge && out_->strong[seed.target]) continue;
        if (Add(seed.target, seed.label)) queue_.push_back(seed.target);
      }
      for (uptr head = 0; head < queue_.size(); head++) {
        u32 x = queue_[head];
        ForEachSharedSuccessor(order[out_->number[x]], [&](u32 y) {
          bool changed = Add(y, out_->first[x]);
          changed |= Add(y, out_->second[x]);
          if (out_->more[x] && !out_->more[y]) {
            out_->more[y] = 1;
            changed = true;
          }
          if (changed) queue_.push_back(y);
        });
      }
      queue_.clear();
    }
  }

 private:
  bool Weak(u32 named_vertex) const { return g_.weak && g_.weak[named_vertex]; }
  bool IsShared(u32 v) const { return shared_[v / 64] >> (v % 64) & 1; }

  // Calls fn(slot) for each successor of vertex v in the shared region.
  template <typename Fn>
  void ForEachSharedSuccessor(u32 v, Fn fn) const {
    auto visit = [&](u32 x) {
      if (IsShared(x)) fn(out_->slot_of.Get(MixKey((u64)d_.number[x] + 1), 0));
    };
    if (v < g_.head) {
      for (u32 e = g_.succ_start[v]; e < g_.succ_start[v + 1]; e++) visit(g_.succ[e]);
      return;
    }
    u32 x = v - g_.head;
    for (u32 e = g_.tail_start[x]; e < g_.tail_start[x + 1]; e++) visit(g_.head + g_.tail_dst[e]);
  }

  // Adds a label to the shared vertex in `slot`; true when it changed.
  bool Add(u32 slot, u32 label) {
    if (!label) return false;
    u32 &a = out_->first[slot], &b = out_->second[slot];
    if (a == label || b == label) return false;
    if (!a) return a = label, true;
    if (!b) return b = label, true;
    if (out_->more[slot]) return false;
    out_->more[slot] = 1;
    return true;
  }

  const RetentionTree &t_;
  const DominatorTree &d_;
  FlowGraph g_;
  SharedRoots *out_;
  InternalVector<u32> top_;     // per preorder number: the virtual root's child above it
  InternalVector<u64> shared_;  // per vertex, a bit: in the shared region
  InternalVector<u32> queue_;   // slots
  bool fresh_;
};

}  // namespace

void FindSharedRoots(const RetentionTree &t, SharedRoots *out) { Labeler(t, out).Run(); }

}  // namespace leakscope

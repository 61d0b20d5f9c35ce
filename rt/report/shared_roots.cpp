// Which roots share a block no single root dominates (see shared_roots.h).
#include "report/shared_roots.h"

namespace leakscope {

namespace {

class Labeler {
 public:
  Labeler(const RetentionTree &t, SharedRoots *out) : t_(t), d_(t.dom), g_(t.Flow()), out_(out) {}

  void Run() {
    u32 n = (u32)d_.order.size(), k = t_.num_named;
    const u32 *order = d_.order.begin(), *idom = d_.idom_number.begin();
    top_.resize(n);
    bool any = false;
    for (u32 i = 1; i < n; i++) {
      u32 v = order[i];
      top_[i] = v <= k ? v : top_[idom[i]];
      any |= top_[i] == 0;
    }
    if (!any) return;
    out_->first.resize(n);
    out_->second.resize(n);
    out_->more.resize(n);
    // Round 1: the strong roots (and what they alone hold) label the shared region;
    // round 2: the weak ones, a weak root's own edges only into shared vertices no
    // strong root reached (the tree dropped its other edges).
    for (int round = 1; round <= 2; round++) {
      bool weak_round = round == 2;
      if (weak_round) {
        strong_.resize(n);
        for (u32 i = 1; i < n; i++) strong_[i] = top_[i] == 0 && out_->first[i] != 0;
      }
      for (u32 i = 1; i < n; i++) {
        u32 label = top_[i];
        if (!label || Weak(label) != weak_round) continue;
        bool root_edge = order[i] <= k;
        ForEachSuccessor(order[i], [&](u32 j) {
          if (weak_round && root_edge && Weak(order[i]) && strong_[j]) return;
          if (Add(j, label)) queue_.push_back(j);
        });
      }
      for (uptr head = 0; head < queue_.size(); head++) {
        u32 i = queue_[head];
        ForEachSuccessor(order[i], [&](u32 j) {
          bool changed = Add(j, out_->first[i]);
          changed |= Add(j, out_->second[i]);
          if (out_->more[i] && !out_->more[j]) {
            out_->more[j] = 1;
            changed = true;
          }
          if (changed) queue_.push_back(j);
        });
      }
      queue_.clear();
    }
  }

 private:
  bool Weak(u32 named_vertex) const { return g_.weak && g_.weak[named_vertex]; }

  // Calls fn(number) for each successor of vertex v that lies in the shared region.
  template <typename Fn>
  void ForEachSuccessor(u32 v, Fn fn) const {
    auto visit = [&](u32 x) {
      u32 j = d_.number[x];
      if (j != kNoDominator && j && top_[j] == 0) fn(j);
    };
    if (v < g_.head) {
      for (u32 e = g_.succ_start[v]; e < g_.succ_start[v + 1]; e++) visit(g_.succ[e]);
      return;
    }
    u32 x = v - g_.head;
    for (u32 e = g_.tail_start[x]; e < g_.tail_start[x + 1]; e++) visit(g_.head + g_.tail_dst[(uptr)e * g_.tail_stride]);
  }

  // Adds a label to shared vertex j; true when j changed.
  bool Add(u32 j, u32 label) {
    if (!label) return false;
    u32 &a = out_->first[j], &b = out_->second[j];
    if (a == label || b == label) return false;
    if (!a) return a = label, true;
    if (!b) return b = label, true;
    if (out_->more[j]) return false;
    out_->more[j] = 1;
    return true;
  }

  const RetentionTree &t_;
  const DominatorTree &d_;
  FlowGraph g_;
  SharedRoots *out_;
  InternalVector<u32> top_;  // per number: the named root above it in the tree, 0: none
  InternalVector<u8> strong_;  // per number: a shared vertex some strong root reaches
  InternalVector<u32> queue_;
};

}  // namespace

void FindSharedRoots(const RetentionTree &t, SharedRoots *out) {
  out->first.clear();
  out->second.clear();
  out->more.clear();
  Labeler(t, out).Run();
}

}  // namespace leakscope

// The retention profile (retention_profile.h). Steps, after the capture:
//   NameRoots       one vertex per distinct root name;
//   BuildFlowGraph  virtual root -> named roots -> blocks, as CSR;
//   ComputeDominators (check/dominators.h), checked with the linear VerifyDominators;
//   Paths           per block in the tree's preorder: its dominator path's id;
//   Encode          samples, locations, functions, strings; gzip; atomic write.
#include "profile/retention_profile.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/report_io.h"
#include "check/dominators.h"
#include "check/heap_graph.h"
#include "options.h"
#include "profile/gzip_writer.h"
#include "profile/protobuf_writer.h"
#include "profile/snapshot_file.h"
#include "report/machine_report.h"
#include "report/retention_report.h"
#include "stacks/stack_depot.h"

namespace leakscope {

namespace pb {  // profile.proto field numbers (REFERENCE.md)
enum : u32 {
  kSampleType = 1, kSample = 2, kLocation = 4, kFunction = 5, kStringTable = 6, kTimeNanos = 9,
  kPeriodType = 11, kPeriod = 12, kComment = 13, kDefaultSampleType = 14,
  kVtType = 1, kVtUnit = 2, kSampleLocationId = 1, kSampleValue = 2,
  kLocId = 1, kLocLine = 4, kLineFunctionId = 1, kLineLine = 2,
  kFnId = 1, kFnName = 2, kFnSystemName = 3, kFnFilename = 4,
};
}  // namespace pb

namespace {

u64 Hash(const char *s, uptr n, u64 h = 0xcbf29ce484222325ULL) {
  for (uptr i = 0; i < n; i++) h = (h ^ (u8)s[i]) * 0x100000001b3ULL;
  return h;
}

u64 Mix(u64 k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  return k | 1;  // never 0: 0 marks a free slot
}

// Open addressing from a non-zero 64-bit key to a u32.
class KeyMap {
 public:
  KeyMap() { Rehash(1024); }
  // The value for key, inserting `fresh` when absent (*inserted tells).
  u32 GetOrPut(u64 key, u32 fresh, bool *inserted) {
    if ((used_ + 1) * 2 > slots_.size()) Rehash(slots_.size() * 2);
    for (uptr i = key & mask_;; i = (i + 1) & mask_) {
      if (!slots_[i].key) {
        slots_[i] = {key, fresh};
        used_++;
        *inserted = true;
        return fresh;
      }
      if (slots_[i].key == key) {
        *inserted = false;
        return slots_[i].value;
      }
    }
  }

 private:
  struct Slot {
    u64 key;
    u32 value;
  };
  void Rehash(uptr n) {
    InternalVector<Slot> old;
    for (Slot &s : slots_)
      if (s.key) old.push_back(s);
    slots_.clear();
    slots_.resize(n);
    mask_ = n - 1;
    used_ = 0;
    bool ins;
    for (Slot &s : old) GetOrPut(s.key, s.value, &ins);
  }
  InternalVector<Slot> slots_;
  uptr mask_ = 0, used_ = 0;
};

// Strings by content (a 64-bit hash names a string: a collision would merge two names,
// one in 2^64 per pair), kept in one pool.
class Strings {
 public:
  Strings() { Intern(""); }
  u32 Intern(const char *s) {
    uptr n = strlen(s);
    bool fresh;
    u32 id = map_.GetOrPut(Mix(Hash(s, n)), (u32)offsets_.size(), &fresh);
    if (fresh) {
      offsets_.push_back(pool_.size());
      for (uptr i = 0; i < n; i++) pool_.push_back(s[i]);
      pool_.push_back(0);
    }
    return id;
  }
  u32 size() const { return (u32)offsets_.size(); }
  const char *Get(u32 id) { return pool_.begin() + offsets_[id]; }

 private:
  KeyMap map_;
  InternalVector<u64> offsets_;
  InternalVector<char> pool_;
};

// A location: one function (name, file) at one line. Ids are 1-based.
struct Loc {
  u32 name, file, line;
};

struct Builder {
  const HeapGraph *g;
  Strings strings;
  InternalVector<Loc> locs;  // locs[id - 1]
  KeyMap loc_ids;
  u32 LocId(const char *name, const char *file, u32 line) {
    u32 n = strings.Intern(name), f = strings.Intern(file);
    bool fresh;
    u64 key = Mix(((u64)n << 40) ^ ((u64)f << 20) ^ line ^ ((u64)line << 58));
    u32 id = loc_ids.GetOrPut(key, (u32)locs.size() + 1, &fresh);
    if (fresh) locs.push_back({n, f, line});
    return id;
  }
  // Named roots.
  u32 num_named;
  InternalVector<u32> named_loc;  // per named root: its location
  InternalVector<u32> edge_root;  // per root edge (edges[0, first node edge)): named root
  // Flow graph.
  InternalVector<u32> succ_start, succ;
  // Per stack id: the group location and the leaf location (0: not computed).
  InternalVector<u32> group_loc, leaf_loc;
  // Dominator paths: path p > 0 has parent path_parent[p] and last frame path_loc[p].
  InternalVector<u32> path_parent, path_loc, path_depth;
  KeyMap path_ids;
  // Samples by (path, leaf).
  struct Sample {
    u32 path, leaf;
    u64 objects, bytes;
  };
  InternalVector<Sample> samples;
  KeyMap sample_ids;
};

}  // namespace

static u64 NowNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (u64)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void NameRoots(Builder *b) {
  const HeapGraph &g = *b->g;
  KeyMap by_name;
  b->num_named = 0;
  u32 root_edges = g.nodes.size() ? g.node_edges[0] : (u32)g.edges.size();
  b->edge_root.resize(root_edges);
  for (uptr r = 0; r < g.roots.size(); r++) {
    const GraphRoot &root = g.roots[r];
    for (u32 e = root.first_edge; e < root.first_edge + root.num_edges; e++) {
      LineBuffer text;
      PathStep s = {true, (u32)r, g.edges[e].src_off};
      FormatRoot(g, s, &text);
      u32 loc = b->LocId(text.data(), "", 0);
      bool fresh;
      u32 named = by_name.GetOrPut(Mix(loc), b->num_named, &fresh);
      if (fresh) {
        b->named_loc.push_back(loc);
        b->num_named++;
      }
      b->edge_root[e] = named;
    }
  }
}

// Vertices: 0 virtual root, 1 .. K named roots, K + 1 + i block i.
static void BuildFlowGraph(Builder *b) {
  const HeapGraph &g = *b->g;
  u32 k = b->num_named, n = (u32)g.nodes.size(), v = 1 + k + n;
  InternalVector<u32> &start = b->succ_start;
  start.resize(v + 1);
  start[1] = k;
  for (u32 e = 0; e < b->edge_root.size(); e++) start[1 + b->edge_root[e] + 1]++;
  for (u32 i = 0; i < n; i++) start[1 + k + i + 1] = g.node_edges[i + 1] - g.node_edges[i];
  for (u32 x = 0; x < v; x++) start[x + 1] += start[x];
  b->succ.resize(start[v]);
  InternalVector<u32> fill;
  fill.resize(1 + k);
  for (u32 r = 0; r < k; r++) b->succ[r] = 1 + r;
  for (u32 e = 0; e < b->edge_root.size(); e++) {
    u32 x = 1 + b->edge_root[e];
    b->succ[start[x] + fill[x]++] = 1 + k + g.edges[e].dst;
  }
  for (u32 i = 0; i < n; i++) {
    u32 out = start[1 + k + i];
    for (u32 e = g.node_edges[i]; e < g.node_edges[i + 1]; e++) b->succ[out++] = 1 + k + g.edges[e].dst;
  }
}

static void SiteLocs(Builder *b, u32 stack) {
  if (stack >= b->group_loc.size()) return;
  if (b->group_loc[stack]) return;
  StackEntry *e = DepotGet(stack);
  SymbolizedFrame site = {"", "", 0, 0};
  uptr pc;
  bool known = e && FindAllocationSite(e, &site, &pc);
  if (!known && e && e->size > 1) {
    // No source position: the allocation call's function (or module+offset) still names it.
    SymbolizedFrame frames[16];
    u32 n = SymbolizeStackFrame(e, 1, &pc, frames, 16);
    site = frames[n - 1];
    known = *site.function != 0;
  }
  LineBuffer name;
  if (e && e->site && *e->site->type) name.Append("%s", e->site->type);
  else if (known && *site.file) name.Append("(%s %s:%u)", *site.function ? site.function : "?", site.file, site.line);
  else if (known) name.Append("(%s)", site.function);
  else name.Append("(unknown site)");
  b->group_loc[stack] = b->LocId(name.data(), "", 0);
  b->leaf_loc[stack] = known ? b->LocId(*site.function ? site.function : "?", site.file, site.line)
                             : b->LocId("(unknown site)", "", 0);
}

static u32 ExtendPath(Builder *b, u32 parent, u32 loc) {
  if (parent && b->path_loc[parent] == loc) return parent;       // merge equal frames
  if (parent && b->path_depth[parent] >= kMaxRetentionDepth) return parent;
  bool fresh;
  u32 id = b->path_ids.GetOrPut(Mix(((u64)parent << 32) | loc), (u32)b->path_parent.size(), &fresh);
  if (fresh) {
    b->path_parent.push_back(parent);
    b->path_loc.push_back(loc);
    b->path_depth.push_back(parent ? b->path_depth[parent] + 1 : 1);
  }
  return id;
}

static void Paths(Builder *b, const DominatorTree &t) {
  const HeapGraph &g = *b->g;
  u32 k = b->num_named;
  b->group_loc.resize(DepotCount() + 1);
  b->leaf_loc.resize(DepotCount() + 1);
  b->path_parent.push_back(0);  // path 0: empty
  b->path_loc.push_back(0);
  b->path_depth.push_back(0);
  u32 several = b->LocId("(several roots)", "", 0);
  InternalVector<u32> path;  // per vertex
  path.resize(b->succ_start.size() - 1);
  for (uptr i = 0; i < t.order.size(); i++) {
    u32 v = t.order[i];
    if (v == 0) continue;
    u32 p = t.idom[v];
    if (v <= k) {  // a named root
      path[v] = ExtendPath(b, 0, b->named_loc[v - 1]);
      continue;
    }
    const GraphNode &node = g.nodes[v - 1 - k];
    SiteLocs(b, node.stack_id);
    u32 base = p == 0 ? ExtendPath(b, 0, several) : path[p];
    u32 stack = node.stack_id < b->group_loc.size() ? node.stack_id : 0;
    u32 mine = stack ? ExtendPath(b, base, b->group_loc[stack]) : base;
    path[v] = mine;
    u32 leaf = stack ? b->leaf_loc[stack] : several;
    bool fresh;
    u32 s = b->sample_ids.GetOrPut(Mix(((u64)mine << 32) | leaf), (u32)b->samples.size(), &fresh);
    if (fresh) b->samples.push_back({mine, leaf, 0, 0});
    b->samples[s].objects++;
    b->samples[s].bytes += node.size;
  }
}

static void ValueType(ProtoWriter *w, u32 field, u32 type, u32 unit) {
  uptr m = w->StartMessage(field);
  w->Varint(pb::kVtType, type);
  w->Varint(pb::kVtUnit, unit);
  w->EndMessage(m);
}

static void Encode(Builder *b, ProtoWriter *w) {
  Strings &s = b->strings;
  u32 objects = s.Intern("retained_objects"), count = s.Intern("count");
  u32 space = s.Intern("retained_space"), bytes = s.Intern("bytes"), sp = s.Intern("space");
  u32 comment = s.Intern("LeakScope retention profile: stacks are dominator-tree paths, root outermost");
  ValueType(w, pb::kSampleType, objects, count);
  ValueType(w, pb::kSampleType, space, bytes);
  InternalVector<u64> ids;
  for (Builder::Sample &x : b->samples) {
    uptr m = w->StartMessage(pb::kSample);
    ids.clear();
    ids.push_back(x.leaf);
    for (u32 p = x.path; p; p = b->path_parent[p]) ids.push_back(b->path_loc[p]);
    w->PackedVarints(pb::kSampleLocationId, ids.begin(), ids.size());
    u64 values[2] = {x.objects, x.bytes};
    w->PackedVarints(pb::kSampleValue, values, 2);
    w->EndMessage(m);
  }
  for (u32 id = 1; id <= b->locs.size(); id++) {
    Loc &l = b->locs[id - 1];
    uptr m = w->StartMessage(pb::kLocation);
    w->Varint(pb::kLocId, id);
    uptr line = w->StartMessage(pb::kLocLine);
    w->Varint(pb::kLineFunctionId, id);
    w->VarintIfNonZero(pb::kLineLine, l.line);
    w->EndMessage(line);
    w->EndMessage(m);
    uptr f = w->StartMessage(pb::kFunction);
    w->Varint(pb::kFnId, id);
    w->Varint(pb::kFnName, l.name);
    w->Varint(pb::kFnSystemName, l.name);
    w->VarintIfNonZero(pb::kFnFilename, l.file);
    w->EndMessage(f);
  }
  ValueType(w, pb::kPeriodType, sp, bytes);
  w->Varint(pb::kPeriod, 1);
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  w->Varint(pb::kTimeNanos, (u64)ts.tv_sec * 1000000000ull + ts.tv_nsec);
  w->Varint(pb::kComment, comment);
  w->Varint(pb::kDefaultSampleType, space);
  for (u32 i = 0; i < s.size(); i++) w->String(pb::kStringTable, s.Get(i));
}

bool RetentionProfileName(const char *snapshot, char *out, uptr size) {
  uptr n = strlen(snapshot);
  const char *suffix = ".pb.gz";
  uptr keep = n >= 6 && !strcmp(snapshot + n - 6, suffix) ? n - 6 : n;
  int len = snprintf(out, size, "%.*s.retained.pb.gz", (int)keep, snapshot);
  return len > 0 && (uptr)len < size;
}

bool WriteRetentionProfile(const char *path, RetentionProfileStats *stats) {
  u64 t0 = NowNs();
  HeapGraph g;
  CaptureHeapGraph(&g);
  Builder b;
  b.g = &g;
  NameRoots(&b);
  BuildFlowGraph(&b);
  FlowGraph flow = {(u32)b.succ_start.size() - 1, b.succ_start.begin(), b.succ.begin()};
  DominatorTree t;
  ComputeDominators(flow, &t);
  const char *why;
  if (!VerifyDominators(flow, t, false, &why)) {
    Warn("cannot write retention profile %s: dominator tree check failed: %s", path, why);
    return false;
  }
  Paths(&b, t);
  ProtoWriter w;
  Encode(&b, &w);
  InternalVector<u8> gz;
  GzipStored(w.data(), w.size(), &gz);
  const char *step = "";
  int err = WriteFileAtomically(path, gz.begin(), gz.size(), &step);
  if (stats) {
    stats->blocks = g.nodes.size();
    stats->edges = g.edges.size();
    stats->roots = b.num_named;
    stats->capture_ns = g.capture_ns;
    stats->total_ns = NowNs() - t0;
    // The big arrays: graph (nodes, edges, CSR), flow graph, tree and its work arrays
    // (about eight words per vertex), paths and the encoded profile.
    u64 v = flow.n;
    stats->peak_bytes = g.nodes.size() * sizeof(GraphNode) + g.edges.size() * sizeof(GraphEdge) +
                        g.node_edges.size() * 4 + (b.succ_start.size() + b.succ.size()) * 4 +
                        v * 4 * 10 + b.succ.size() * 4 + w.size() + gz.size();
  }
  if (err) {
    Warn("cannot write retention profile %s: %s failed: %s", path, step, strerror(err));
    return false;
  }
  Warn("wrote retention profile %s", path);
  return true;
}

}  // namespace leakscope

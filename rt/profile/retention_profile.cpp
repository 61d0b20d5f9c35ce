// The retention profile (retention_profile.h). Steps, after the capture:
//   BuildRetentionTree  named roots, flow graph, dominators (report/retention_tree.h);
//   Paths               per block in the tree's preorder: its dominator path's id (the
//                       shared roots' names found on a helper thread meanwhile);
//   Encode          samples, locations, functions, strings; gzip; atomic write.
#include "profile/retention_profile.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/report_io.h"
#include "base/key_map.h"
#include "check/dominators.h"
#include "check/heap_graph.h"
#include "options.h"
#include "profile/gzip_writer.h"
#include "profile/protobuf_writer.h"
#include "profile/snapshot_file.h"
#include "report/machine_report.h"
#include "report/retention_report.h"
#include "report/retention_tree.h"
#include "report/shared_roots.h"
#include "stacks/stack_depot.h"
#include "world/helper_threads.h"

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

// Strings by content (a 64-bit hash names a string: a collision would merge two names,
// one in 2^64 per pair), kept in one pool.
class Strings {
 public:
  Strings() { Intern(""); }
  u32 Intern(const char *s) {
    uptr n = strlen(s);
    bool fresh;
    u32 id = map_.GetOrPut(MixKey(HashString(s, n)), (u32)offsets_.size(), &fresh);
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
// A `literal` name (a root, a block group: "global g_index (app)",
// "(Parse(char const*) parse.cpp:12)", "std::vector<Entry>") is written without a system
// name: pprof simplifies a function whose name is its system name when it looks like
// C++ (removes "(...)" and "<...>"), which would turn "(Parse(...) parse.cpp:12)" into an
// empty name and drop the module from a root; a name that differs from the system name
// counts as already demangled and is shown as it is. Leaves are the allocating
// functions, simplified like any function in a heap profile.
struct Loc {
  u32 name, file, line;
  bool literal;
};

struct Builder {
  const HeapGraph *g;
  ScopedArrayReuse *reuse;
  Strings strings;
  InternalVector<Loc> locs;  // locs[id - 1]
  KeyMap loc_ids;
  u32 LocId(const char *name, const char *file, u32 line, bool literal = false) {
    u32 n = strings.Intern(name), f = strings.Intern(file);
    bool fresh;
    u64 key = MixKey(((u64)n << 40) ^ ((u64)f << 20) ^ line ^ ((u64)line << 58) ^ ((u64)literal << 63));
    u32 id = loc_ids.GetOrPut(key, (u32)locs.size() + 1, &fresh);
    if (fresh) locs.push_back({n, f, line, literal});
    return id;
  }
  const RetentionTree *tree;
  InternalVector<u32> named_loc;  // per named root: its location
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
  u32 several;  // the location "(several roots)"
};

}  // namespace

static u64 NowNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (u64)ts.tv_sec * 1000000000ull + ts.tv_nsec;
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
  b->group_loc[stack] = b->LocId(name.data(), "", 0, /*literal=*/true);
  b->leaf_loc[stack] = known ? b->LocId(*site.function ? site.function : "?", site.file, site.line)
                             : b->LocId("(unknown site)", "", 0);
}

static u32 ExtendPath(Builder *b, u32 parent, u32 loc) {
  if (parent && b->path_loc[parent] == loc) return parent;       // merge equal frames
  if (parent && b->path_depth[parent] >= kMaxRetentionDepth) return parent;
  bool fresh;
  u32 id = b->path_ids.GetOrPut(MixKey(((u64)parent << 32) | loc), (u32)b->path_parent.size(), &fresh);
  if (fresh) {
    b->path_parent.push_back(parent);
    b->path_loc.push_back(loc);
    b->path_depth.push_back(parent ? b->path_depth[parent] + 1 : 1);
  }
  return id;
}

// The frame of a block no single root dominates: "(several roots: A, B)", with ", ..."
// when a third root reaches it too (report/shared_roots.h), the two in root order.
static u32 SeveralLoc(Builder *b, const SharedRoots &shared, u32 number, u32 unnamed) {
  u32 x, y;
  bool more;
  if (!shared.Get(number, &x, &y, &more) || !y) return unnamed;
  if (x > y) {
    u32 t = x;
    x = y;
    y = t;
  }
  LineBuffer name;
  name.Append("(several roots: %s, %s%s)", b->tree->Name(x - 1), b->tree->Name(y - 1),
              more ? ", ..." : "");
  return b->LocId(name.data(), "", 0, /*literal=*/true);
}

// The blocks of preorder numbers [lo, hi): each one's path and its sample. Numbers
// below lo that a block's path depends on (its idom's) are done.
// A list's blocks come one after another in preorder, each under the one before, with
// the same allocation site: the same (parent path, site) gives the same path
// (ExtendPath is a function of the two), and the same (path, leaf) the same sample, so
// the last of each is kept and a run of such blocks costs no lookup. Invariant after a
// block: its path is last_mine = ExtendPath(last_base, site of last_stack), its sample
// (last_mine, leaf) = (sample_path, sample_leaf).
static void PathsOf(Builder *b, const SharedRoots *shared, u32 lo, u32 hi, u32 *path) {
  const HeapGraph &g = *b->g;
  const u32 *stacks = g.node_stack.begin(), *sizes = g.node_size.begin();
  const DominatorTree &t = b->tree->dom;
  u32 k = b->tree->num_named;
  const u32 *order = t.order.begin(), *idom = t.idom_number.begin();
  u32 num_stacks = (u32)b->group_loc.size();
  u32 last_stack = kNoDominator, group = 0, leaf = 0;  // the last block's stack id, its locations
  u32 last_base = kNoDominator, last_mine = 0;          // ... and its path
  u32 sample_path = kNoDominator, sample_leaf = 0, s = 0;
  u64 objects = 0, bytes = 0;  // not yet added to samples[s]
  auto flush = [&] {
    if (sample_path == kNoDominator) return;
    b->samples[s].objects += objects;
    b->samples[s].bytes += bytes;
    objects = bytes = 0;
  };
  // The blocks come in preorder, at random addresses: their nodes are fetched ahead.
  constexpr u32 kAhead = 16;
  for (u32 i = lo; i < hi; i++) {
    // The common case, without calls (so that the loop's values stay in registers): a
    // block with the last block's stack id and parent path, hence its path and sample.
    for (; i < hi; i++) {
      if (i + kAhead < hi && order[i + kAhead] > k) {
        __builtin_prefetch(&stacks[order[i + kAhead] - 1 - k]);
        __builtin_prefetch(&sizes[order[i + kAhead] - 1 - k]);
      }
      u32 v = order[i], p = idom[i];
      if (v <= k || p == 0) break;
      if (stacks[v - 1 - k] != last_stack || path[p] != last_base) break;
      path[i] = last_mine;
      objects++;
      bytes += g.Size(v - 1 - k);
    }
    if (i == hi) break;
    u32 v = order[i];
    u32 p = idom[i];  // 0: the virtual root
    if (v <= k) {  // a named root
      path[i] = ExtendPath(b, 0, b->named_loc[v - 1]);
      continue;
    }
    u32 stack_id = stacks[v - 1 - k];
    if (stack_id != last_stack) {
      SiteLocs(b, stack_id);
      last_stack = stack_id;
      u32 stack = stack_id < num_stacks ? stack_id : 0;
      group = stack ? b->group_loc[stack] : 0;
      leaf = stack ? b->leaf_loc[stack] : b->several;
      last_base = kNoDominator;
    }
    u32 base = p == 0 ? ExtendPath(b, 0, SeveralLoc(b, *shared, i, b->several)) : path[p];
    if (base != last_base) {
      last_base = base;
      last_mine = group ? ExtendPath(b, base, group) : base;
    }
    u32 mine = last_mine;
    path[i] = mine;
    if (mine != sample_path || leaf != sample_leaf) {
      flush();
      bool fresh;
      s = b->sample_ids.GetOrPut(MixKey(((u64)mine << 32) | leaf), (u32)b->samples.size(), &fresh);
      if (fresh) b->samples.push_back({mine, leaf, 0, 0});
      sample_path = mine;
      sample_leaf = leaf;
    }
    objects++;
    bytes += g.Size(v - 1 - k);
  }
  flush();
}

// The helper's share of the paths, while the calling thread builds the named roots':
// it unmaps the dominators' kept scratch arrays, then finds the shared roots. (The
// arrays no later step reads stay to the end: unmapping them here too made the paths
// 2-3 ms slower at 1M blocks, the join waiting for it; bench/STANDALONE.md.)
namespace {
struct SharedJob {
  const RetentionTree *tree;
  bool find;  // any block shared
  KeptMapping kept[kMaxKeptMappings];
  int num_kept;
  SharedRoots shared;
  HelperThread thread;
};
}  // namespace

static void SharedJobRun(SharedJob *j) {
  UnmapMappings(j->kept, j->num_kept);
  if (j->find) FindSharedRoots(*j->tree, &j->shared);
}

static int SharedMain(void *arg) {
  SharedJobRun((SharedJob *)arg);
  return 0;
}

// The preorder is cut at the virtual root's children. A named root's run holds only its
// own subtree's blocks (a block another root also reaches gets a child of the virtual
// root, and a run, of its own), and needs nothing from FindSharedRoots (one pass over
// every edge when any block is shared), which runs on a helper thread meanwhile. A shared
// block's run may end with blocks of the named root whose run it interrupts (numbered
// after it in the search): they take their path from their idom, numbered before them
// and done by then. The shared blocks' runs (named by the roots that share them) come
// after the helper finishes.
static void Paths(Builder *b) {
  const DominatorTree &t = b->tree->dom;
  u32 k = b->tree->num_named;
  for (u32 r = 0; r < k; r++) b->named_loc.push_back(b->LocId(b->tree->Name(r), "", 0, /*literal=*/true));
  b->group_loc.resize(DepotCount() + 1);
  b->leaf_loc.resize(DepotCount() + 1);
  b->path_parent.push_back(0);  // path 0: empty
  b->path_loc.push_back(0);
  b->path_depth.push_back(0);
  b->several = b->LocId("(several roots)", "", 0, /*literal=*/true);
  u32 n = (u32)t.order.size();
  InternalVector<u32> tops;  // the virtual root's children, ascending, then n
  bool any_shared = false;
  const u32 *idom = t.idom_number.begin();
  for (u32 i = 1; i < n; i++)
    if (idom[i] == 0) {
      tops.push_back(i);
      any_shared |= t.order[i] > k;
    }
  tops.push_back(n);
  // The path array takes a kept scratch array of the dominators'; the helper unmaps the
  // rest before the shared-roots search maps its own (fresh memory: the helper's).
  InternalVector<u32> path;  // per preorder number
  path.resize(n);
  SharedJob job;
  job.tree = b->tree;
  job.find = any_shared;
  job.num_kept = b->reuse->HandOverKept(job.kept);
  bool helped = WorkerCount() > 1 && StartHelperThread(&job.thread, SharedMain, &job);
  if (!helped) SharedJobRun(&job);
  for (uptr c = 0; c + 1 < tops.size(); c++)
    if (t.order[tops[c]] <= k) PathsOf(b, &job.shared, tops[c], tops[c + 1], path.begin());
  if (helped) JoinHelperThread(&job.thread);
  for (uptr c = 0; c + 1 < tops.size(); c++)
    if (t.order[tops[c]] > k) PathsOf(b, &job.shared, tops[c], tops[c + 1], path.begin());
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
    if (!l.literal) w->Varint(pb::kFnSystemName, l.name);
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

// Captures, computes, encodes and writes; false when the dominator tree check failed
// (*why), else *err is the write's errno (0: written) and *step what failed. Its arrays
// are released when it returns (stats->release_ns: from the written file to then).
static bool BuildAndWrite(const char *path, u64 t0, RetentionProfileStats *stats, const char **why,
                          int *err, const char **step) {
  // Declared first, so it ends last: the arrays below are freed into it.
  ScopedArrayReuse reuse;
  HeapGraph g;
  CaptureHeapGraph(&g, kGraphRetention);
  RetentionTree tree;
  u64 t1 = NowNs();
  if (!BuildRetentionTree(g, &tree, why, false)) return false;
  Builder b;
  b.g = &g;
  b.reuse = &reuse;
  b.tree = &tree;
  // The graph's size before the paths release its edges.
  stats->blocks = g.NumNodes();
  stats->edges = g.NumEdges();
  stats->roots = tree.num_named;
  stats->capture_ns = g.capture_ns;
  // The big arrays at their peak: the graph (node sizes and stack ids, edge targets,
  // CSR, single edges; the roots' edge offsets), the dominators' numbers by vertex and
  // five arrays by number (semi-NCA, dominators.cpp), then the encoded profile.
  u64 v = 1 + tree.num_named + g.NumNodes();
  stats->peak_bytes = g.NumNodes() * 4 * 2 + g.NumEdges() * 4 + g.edge_off.size() * sizeof(EdgeOffsets) +
                      g.node_edges.size() * 4 + g.single_edge.size() * 4 + v * 4 * 6;
  u64 t2 = NowNs();
  Paths(&b);
  u64 t3 = NowNs();
  ProtoWriter w;
  Encode(&b, &w);
  InternalVector<u8> gz;
  GzipStored(w.data(), w.size(), &gz);
  u64 t4 = NowNs();
  *err = WriteFileAtomically(path, gz.begin(), gz.size(), step);
  stats->capture_total_ns = t1 - t0;
  stats->tree_ns = t2 - t1;
  stats->paths_ns = t3 - t2;
  stats->encode_ns = t4 - t3;
  stats->total_ns = NowNs() - t0;
  stats->peak_bytes += w.size() + gz.size();
  stats->reused_bytes = reuse.reused_bytes();
  return true;
}

bool WriteRetentionProfile(const char *path, RetentionProfileStats *stats) {
  RetentionProfileStats local;
  if (!stats) stats = &local;
  u64 t0 = NowNs();
  const char *why = "", *step = "";
  int err = 0;
  if (!BuildAndWrite(path, t0, stats, &why, &err, &step)) {
    Warn("cannot write retention profile %s: dominator tree check failed: %s", path, why);
    return false;
  }
  stats->release_ns = NowNs() - t0 - stats->total_ns;
  if (err) {
    Warn("cannot write retention profile %s: %s failed: %s", path, step, strerror(err));
    return false;
  }
  Warn("wrote retention profile %s", path);
  if (g_options.verbosity >= 1)
    Warn("retention profile: %llu block(s), %llu pointer(s), %llu named root(s); world stopped "
         "%.1f ms, %.1f ms in all (capture %.1f, dominator tree %.1f, paths %.1f, encoding "
         "%.1f), then %.1f ms releasing its arrays; about %llu KiB of arrays",
         (unsigned long long)stats->blocks, (unsigned long long)stats->edges,
         (unsigned long long)stats->roots, stats->capture_ns / 1e6, stats->total_ns / 1e6,
         stats->capture_total_ns / 1e6, stats->tree_ns / 1e6, stats->paths_ns / 1e6,
         stats->encode_ns / 1e6, stats->release_ns / 1e6, (unsigned long long)(stats->peak_bytes >> 10));
  if (g_options.verbosity >= 2)
    Warn("retention profile: %llu KiB of its arrays cut from ones it had freed",
         (unsigned long long)(stats->reused_bytes >> 10));
  return true;
}

}  // namespace leakscope

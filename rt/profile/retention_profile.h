// The retention profile (snapshot_retention=1): beside each heap snapshot NAME.pb.gz, a
// second pprof file NAME.retained.pb.gz whose stacks are paths of the heap's dominator
// tree, so pprof's cumulative values are retained sizes: what would be freed if that
// root or block let go.
//
// Shape:
//  * the flow graph: a virtual root whose children are the named roots (one vertex per
//    distinct root name, report/retention_report.h: `global g_index (app)`, `stack of
//    thread 12 in worker() w.cpp:40`, ...), then one vertex per allocated block, with the
//    heap graph's pointers as edges (check/heap_graph.h); its dominator tree
//    (check/dominators.h);
//  * one sample per (dominator path, allocation site): the stack, root outermost, is the
//    named root (or, for a block no single root dominates, `(several roots: A, B)`
//    naming two roots that reach it, `, ...` when more do: report/shared_roots.h), then one
//    frame per block on the tree path from it down to the block, named by the block's
//    type or else `(FUNC FILE:LINE)` of its allocation site, consecutive equal names
//    merged (a list of a million nodes is one frame), at most kMaxRetentionDepth of
//    them; the leaf is the block's allocation site (function, file, line). The sample's
//    values are the number of blocks and their bytes, so a frame's cum value is what
//    the blocks under it retain; `go tool pprof -top -cum` lists the roots with their
//    retained sizes;
//  * sample types retained_objects/count, retained_space/bytes (the default); period
//    type space/bytes; no mappings: every location carries its function and line.
//
// The world is stopped only while the heap graph is captured; names, dominators and
// encoding run after it resumed, in the snapshot writer's thread.
#pragma once

#include "base/common.h"

namespace leakscope {

constexpr u32 kMaxRetentionDepth = 48;

struct RetentionProfileStats {
  u64 blocks, edges, roots;
  u64 capture_ns, total_ns;  // world stopped; the whole profile, to the written file
  u64 release_ns;            // then unmapping its arrays
  u64 capture_total_ns, tree_ns, paths_ns, encode_ns;  // the steps (capture with its stop)
  u64 peak_bytes;             // internal memory the graph and the tree took
  u64 reused_bytes;           // arrays served from freed ones (ScopedArrayReuse)
};

// Captures the heap graph and writes the retention profile to `path`. Returns true
// when the file was written; logs like a snapshot ("wrote retention profile PATH").
bool WriteRetentionProfile(const char *path, RetentionProfileStats *stats);

// The retention profile's file name for snapshot `name`: NAME.pb.gz -> NAME.retained.pb.gz,
// anything else gets ".retained.pb.gz" appended. False when it does not fit.
bool RetentionProfileName(const char *snapshot, char *out, uptr size);

}  // namespace leakscope

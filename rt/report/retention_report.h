// The exit-time retention reports, taken before static destructors (world/before_destructors.h):
//
//  * report_pinned=1: one record per allocation stack of pinned blocks (check/pinned.h)
//      Pinned memory: B byte(s) in N object(s) kept alive only by pointers into S byte(s), allocated from:
//        type: T
//        kept alive by: ROOT -> HOP -> ...
//        ROOT retains B byte(s) in N object(s)        (its dominator subtree, retention_tree.h)
//          #0 ...frames
//    S sums the pinned spans; the path leads to the record's block with the shortest
//    path (the biggest among those).
//  * retention_path_site=PATTERN: for each allocation stack with a reachable block
//    whose frames match PATTERN (suppression template syntax),
//      Reachable memory: B byte(s) in N object(s), allocated from:
//        kept alive by: ...
//    the path leading to its block with the shortest path (the biggest among those).
//
// Paths (FormatRetentionPath): ROOT is `global NAME (MODULE)` (NAME+OFF inside a
// bigger object), `stack of thread TID in FUNC FILE:LINE`, `tls of thread TID`,
// `registers of thread TID`, `root region 0xADDR`, `start argument of thread TID`,
// `ignored block 0xADDR`, `mapping 0xADDR` (an anonymous mapping, use_mmap); each
// HOP is the holding block's type (else its allocation site in parentheses) and the
// offset of the pointer in it, `Entry+8`. Paths longer
// than kMaxPathSteps show their first steps, `... (K more) ->`, and the last.
// JSON Lines (json_path) get one "pinned" or "reachable" line per record, the HTML
// report (html_path) one section per report (retention_html.h).
#pragma once

#include "base/report_io.h"
#include "check/retention_paths.h"

namespace leakscope {

constexpr u32 kMaxPathSteps = 12;

// Appends "ROOT -> HOP -> ..." for `node` (nothing when unreachable).
void FormatRetentionPath(const HeapGraph &g, const GraphReach &r, u32 node, LineBuffer *b);
// The root of a path step as text (ROOT above); `offset`: a global's name says where in
// the variable the pointer is (NAME+OFF), else the variable alone (the retention
// profile's roots).
void FormatRoot(const HeapGraph &g, const PathStep &s, LineBuffer *b, bool offset = true);
// A hop (HOP above).
void FormatHop(const HeapGraph &g, const PathStep &s, LineBuffer *b);

// One record: the blocks of one allocation stack.
struct RetentionRecord {
  u32 stack_id;
  u64 bytes, objects, span;  // span: the pinned spans' sum (pinned records only)
  u32 sample;                // the node the record's path leads to
};

struct RetentionTree;
// What the root of `node`'s path retains (its dominator subtree, retention_tree.h):
// the root's name (FormatRoot without offset) into *name, false when not known.
bool RootRetains(const HeapGraph &g, const GraphReach &reach, const RetentionTree *tree,
                 u32 node, LineBuffer *name, u64 *bytes, u64 *objects);

// The before-exit hook (registered by init when report_pinned or retention_path_site).
void RetentionReportBeforeExit();

}  // namespace leakscope

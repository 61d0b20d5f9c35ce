// The text of leak ownership (check/ownership.h), printed under a record's header:
//
//   holds B byte(s) in N indirectly leaked object(s)         a direct record
//   held by: direct leak at FUNC FILE:LINE[; ...][; and others]   an indirect record
//            (at FUNC (MODULE+0xOFF) from ... when no frame has a source file)
//   part of a lost cycle of N object(s), B byte(s)             one line per cycle
//   and K more lost cycle(s)                                   past kMaxCycles
//
// A holder is named by its allocation site (machine_report.h: FindAllocationSite). A
// suppressed holder's blocks are suppressed with it (check/suppressed_holdings.h), so
// every holder named here is a reported record.
#pragma once

#include "check/leak_set.h"
#include "stacks/symbolizer.h"

namespace leakscope {

void PrintOwnership(LeakSet *leaks, const LeakRecord &r);

// The same facts as JSON members of a leak record, each preceded by ',' (the record
// already has members):
//   "holds":{"bytes":B,"objects":N}                       direct records holding some
//   "held_by":[{"function":"f","file":"a.cpp","line":3},...]
//       (no frame with a source file: {"function":"f","file":null,"line":0,
//        "module":"/lib/x.so","module_offset":"0x1f0"}, the holder's first frame)
//   "more_holders":true                                   when there are others
//   "lost_cycles":[{"objects":N,"bytes":B},...]           largest first
//   "more_lost_cycles":K
// `camel` spells the keys for SARIF properties (holds, heldBy, moreHolders, lostCycles,
// moreLostCycles).
class JsonWriter;
void WriteJsonOwnership(JsonWriter &w, LeakSet *leaks, const LeakRecord &r, bool camel);

// The allocation site of a stack, for naming holders; false when nothing is known.
bool HolderSite(u32 stack, SymbolizedFrame *site);

// A holder with no frame of known source (a library without debug information): its
// first two frames past the allocator's entry point, as the reports print frames,
// without addresses: " xcalloc (libbfd.so+0x11afea) from (as+0x6bbad)". Appends
// " an unknown stack" when even those are unknown.
class LineBuffer;
void AppendHolderFrames(u32 stack, LineBuffer *b);

}  // namespace leakscope

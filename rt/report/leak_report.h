// The text leak report. The text follows
// LeakSanitizer's line shapes exactly, so existing parsers keep working; facts
// LeakSanitizer does not have (the allocated type) go on lines of their own.
#pragma once

#include "check/leak_set.h"
#include "stacks/stack_depot.h"
#include "stacks/symbolizer.h"

namespace leakscope {

// Prints the report for the unsuppressed records. Returns the number of bytes reported.
u64 PrintLeakReport(LeakSet *leaks);

// Frame formatting shared with other reports: "    #i 0xADDR in FUNC FILE:LINE:COL",
// one line per inline frame of every recorded frame.
void PrintStackFrames(StackEntry *entry);

// Symbolizes recorded frame k of `entry` the way every report shows it: the PC looked
// up (a return address minus one, except frame 0, which is exact), and for the
// allocation call (k == 1) the pass's site as fallback when debug info has no file.
// Fills up to `max` frames, innermost inline frame first; returns how many (>= 1).
u32 SymbolizeStackFrame(StackEntry *entry, u32 k, uptr *pc, SymbolizedFrame *frames, u32 max);

}  // namespace leakscope

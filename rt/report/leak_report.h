// Leak records and the text report.
//
// After marking, leaked chunks are grouped by (allocation stack, direct/indirect) into
// records: the unit a user reads and a suppression matches. The text follows
// LeakSanitizer's line shapes exactly, so existing parsers keep working; facts
// LeakSanitizer does not have (the allocated type) go on lines of their own.
#pragma once

#include "base/internal_alloc.h"
#include "check/marker.h"
#include "stacks/stack_depot.h"
#include "stacks/symbolizer.h"

namespace leakscope {

struct LeakRecord {
  u32 stack_id;
  bool indirect;
  bool suppressed;  // matched a suppression
  bool unchanged;   // delta check: neither new nor grown since the previous delta check
  u64 bytes;
  u64 objects;
  u32 first_object;  // report_objects: this record's objects are
                     // LeakSet::objects[first_object, first_object + objects)
};

// Whether a record is part of the report (text, JSON, SARIF).
inline bool IsReported(const LeakRecord &r) { return !r.suppressed && !r.unchanged; }

struct LeakedObject {
  uptr addr;
  uptr size;
  u32 record;
};

struct LeakSet {
  InternalVector<LeakRecord> records;
  InternalVector<LeakedObject> objects;
  void Reset() {
    records.Reset();
    objects.Reset();
  }
};

// Groups the unreachable chunks (tagged leaked or indirect by the Marker) into records
// (world stopped; no symbolization).
void CollectLeaks(const InternalVector<UnreachableChunk> &chunks, LeakSet *leaks);
// Sorts records direct first, then by bytes, descending.
void SortLeaks(LeakSet *leaks);

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

// Totals over the reported records, and over the suppressed ones.
struct LeakTotals {
  u64 bytes, objects, records;
  u64 suppressed_bytes, suppressed_objects;
};
LeakTotals SumLeaks(LeakSet *leaks);

}  // namespace leakscope

// Leak records and the text report.
//
// After marking, leaked chunks are grouped by (allocation stack, direct/indirect) into
// records: the unit a user reads and a suppression matches. The text follows
// LeakSanitizer's line shapes exactly, so existing parsers keep working; facts
// LeakSanitizer does not have (the allocated type) go on lines of their own.
#pragma once

#include "internal_alloc.h"
#include "marker.h"
#include "stack_depot.h"

namespace leakscope {

struct LeakRecord {
  u32 stack_id;
  bool indirect;
  bool suppressed;
  u64 bytes;
  u64 objects;
  u32 first_object;  // index into LeakSet::objects (report_objects)
};

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

// Frame formatting shared with other reports: "    #i 0xADDR in FUNC FILE:LINE:COL".
// Prints every inline frame of entry->frames[k]; advances *index.
void PrintStackFrames(StackEntry *entry);

}  // namespace leakscope

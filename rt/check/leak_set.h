// Leak records: the unreachable chunks grouped by (allocation stack, direct/indirect).
//
// After marking, leaked chunks are grouped into records: the unit a user reads and a
// suppression matches. Building, sorting and summing records is part of the check;
// printing them is report/'s.
#pragma once

#include "base/internal_alloc.h"
#include "check/marker.h"
#include "check/thread_leaks.h"
#include "check/ownership.h"

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
  RecordOwnership own;  // what it holds and who holds it (check/ownership.h)
};

// Whether a record is part of the report (text, JSON, SARIF).
inline bool IsReported(const LeakRecord &r) { return !r.suppressed && !r.unchanged; }

struct LeakedObject {
  uptr addr;
  uptr size;
  u32 record;
};

// Only when suppressions exist (check/suppressed_holdings.h): every unreachable chunk's
// record and bytes, in the order CollectLeaks saw them (objects[i] is chunks[i] when
// report_objects), and which of them points to which.
struct LeakChunk {
  u32 record;
  u64 bytes;
};
struct ChunkLink {
  u32 from, to;  // indices into LeakSet::chunks
};

struct LeakSet {
  InternalVector<LeakRecord> records;
  InternalVector<LeakedObject> objects;
  InternalVector<LeakChunk> chunks;
  InternalVector<ChunkLink> links;
  ThreadLeakSet threads;  // detect_thread_leaks=1 (thread_leaks.h)
  void Reset() {
    records.Reset();
    objects.Reset();
    chunks.Reset();
    links.Reset();
    threads.Reset();
  }
};

// Groups the unreachable chunks (tagged leaked or indirect by the Marker) into records
// (world stopped; no symbolization).
// With `links` (Marker::links(), only when suppressions exist) also fills
// LeakSet::chunks and LeakSet::links.
void CollectLeaks(const InternalVector<UnreachableChunk> &chunks, LeakSet *leaks,
                  const InternalVector<Marker::Link> *links = nullptr);
// Sorts records direct first, then by bytes, descending.
void SortLeaks(LeakSet *leaks);

// Totals over the reported records, and over the suppressed ones.
struct LeakTotals {
  u64 bytes, objects, records;
  u64 suppressed_bytes, suppressed_objects;
};
LeakTotals SumLeaks(LeakSet *leaks);

}  // namespace leakscope

// What the process holds in memory, by owner: the program's heap blocks and each part of
// the runtime (chunk metadata, the access shadow, the stack depot, the bucket counters,
// the checks' work arrays). It answers "why is RSS higher under LeakScope": the
// program's blocks take about what glibc's heap takes for them (no per-chunk header,
// the same 16-byte rounding), so the excess over an uninstrumented run is the runtime's
// own parts, which this names. bench/run.sh's memory table comes from it.
//
// Resident bytes, from mincore(2) over the runtime's registered mappings
// (base/runtime_mappings.h). The three big reservations are measured over the part in
// use only: the heap over each size class's carved chunks and the large region's pages
// handed out, the chunk metadata over the same chunks, the shadow over the shadow of
// those bytes. So the cost is one mincore call per class and per mapping, a few
// milliseconds, and it allocates nothing.
#pragma once

#include "base/runtime_mappings.h"

namespace leakscope {

struct ResidentMemory {
  uptr bytes[(int)RuntimeMemory::kCount];
};

void MeasureResidentMemory(ResidentMemory *r);

// Prints one line: "resident memory: heap blocks N KiB, ..." (verbosity>=2, at the
// final leak check).
void ReportResidentMemory();

}  // namespace leakscope

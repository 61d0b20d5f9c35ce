// The heap graph the reports made before static destructors share: stale memory's
// retention paths, pinned blocks, the reachable-site paths and the roots' retained sizes
// all describe the same heap, the program's at exit, so the world is stopped once for
// all of them, by the first report that needs the graph. ReleaseExitHeapGraph (the hook
// registered after those reports) frees it. A report made while the program runs (the
// API's) captures its own.
#pragma once

#include "check/heap_graph.h"
#include "check/retention_paths.h"

namespace leakscope {

struct ExitGraph {
  HeapGraph g;
  GraphReach reach;
};

// Captures the graph and its reach on the first call (in this process), then returns it.
const ExitGraph &ExitHeapGraph();
void ReleaseExitHeapGraph();

}  // namespace leakscope

// The shared exit-time heap graph (exit_graph.h).
#include "check/exit_graph.h"

#include <unistd.h>

namespace leakscope {

static ExitGraph *g_exit_graph;
static pid_t g_exit_graph_pid;  // a forked child captures its own

const ExitGraph &ExitHeapGraph() {
  if (g_exit_graph && g_exit_graph_pid == getpid()) return *g_exit_graph;
  g_exit_graph = InternalNew<ExitGraph>();  // a parent's copy (after fork) is left as is
  g_exit_graph_pid = getpid();
  CaptureHeapGraph(&g_exit_graph->g);
  ComputeReach(g_exit_graph->g, &g_exit_graph->reach);
  return *g_exit_graph;
}

void ReleaseExitHeapGraph() {
  if (!g_exit_graph || g_exit_graph_pid != getpid()) return;
  g_exit_graph->~ExitGraph();
  InternalFree(g_exit_graph);
  g_exit_graph = nullptr;
}

}  // namespace leakscope

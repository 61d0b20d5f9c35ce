// The heap graph is captured on mark_threads threads (blocks listed and scanned in runs,
// the runs' edges joined in block order): the graph, and so every report built on it,
// is the same as with one thread. 30,000 list nodes of two sizes linked across the whole
// heap (every run holds pointers into the others), ignored blocks holding a list of
// their own, buffers pinned through interior pointers, and a large block: the pinned
// report with its retention paths and the retention profile's traces match.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: rm -f %t.*.pb.gz
// RUN: env LEAKSCOPE_OPTIONS=mark_threads=1:report_pinned=1:snapshot_retention=1:snapshot_at_exit=1:snapshot_path=%t.one.pb.gz %t > %t.one.txt 2>&1
// RUN: env LEAKSCOPE_OPTIONS=mark_threads=2:report_pinned=1:snapshot_retention=1:snapshot_at_exit=1:snapshot_path=%t.two.pb.gz %t > %t.two.txt 2>&1
// RUN: FileCheck %s < %t.two.txt
// RUN: grep -v "^==\|wrote" %t.one.txt | sed -E 's/thread [0-9]+/thread T/g; s/0x[0-9a-f]+/0xADDR/g' > %t.one.cmp
// RUN: grep -v "^==\|wrote" %t.two.txt | sed -E 's/thread [0-9]+/thread T/g; s/0x[0-9a-f]+/0xADDR/g' > %t.two.cmp
// RUN: diff %t.one.cmp %t.two.cmp
// RUN: %S/../snapshots/Inputs/pprof.sh %t.go -traces -unit=B %t.one.retained.pb.gz 2>&1 | grep -v "^File:\|^Type:\|^Time:\|thread" > %t.one.traces
// RUN: %S/../snapshots/Inputs/pprof.sh %t.go -traces -unit=B %t.two.retained.pb.gz 2>&1 | grep -v "^File:\|^Type:\|^Time:\|thread" > %t.two.traces
// RUN: diff %t.one.traces %t.two.traces
// RUN: FileCheck %s --check-prefix=TRACES < %t.two.traces
#include <sanitizer/lsan_interface.h>
#include <stdlib.h>

struct Small {
  Small *next;
  long value;
};
struct Big {
  Big *next;
  Small *other;
  char pad[80];
};

Small **g_smalls;
Big *g_bigs;
Small *g_ignored_head;
char *g_views[4];
char *g_large;

__attribute__((noinline)) void build() {
  const int n = 15000;
  g_smalls = (Small **)calloc(n, sizeof(Small *));
  Big **bigs = (Big **)calloc(n, sizeof(Big *));
  for (int i = 0; i < n; i++) {
    g_smalls[i] = new Small{nullptr, i};
    bigs[i] = new Big{};
  }
  // One list through every big block in the order (i * 7919) % n (7919 is prime to n),
  // each also pointing to a small block far away in the heap; the small blocks linked
  // in the order (i * 104729) % n.
  for (int i = 0; i + 1 < n; i++) bigs[i * 7919L % n]->next = bigs[(i + 1) * 7919L % n];
  for (int i = 0; i < n; i++) bigs[i]->other = g_smalls[n - 1 - i];
  g_bigs = bigs[0];
  for (int i = 0; i + 1 < n; i++) g_smalls[i * 104729L % n]->next = g_smalls[(i + 1) * 104729L % n];
  // Ignored blocks are roots: they hold a list no global reaches.
  for (int i = 0; i < 50; i++) {
    Small **holder = (Small **)malloc(sizeof(Small *));
    *holder = g_ignored_head = new Small{g_ignored_head, -i};
    __lsan_ignore_object(holder);
  }
  g_ignored_head = nullptr;
  for (int i = 0; i < 4; i++) g_views[i] = (char *)malloc(1 << 20) + 4096;  // pinned
  g_large = (char *)malloc(3 << 20);
  free(bigs);
}

int main() {
  build();
  return 0;
}
// CHECK: Pinned memory: 4194304 byte(s) in 4 object(s) kept alive only by pointers into 4 byte(s), allocated from:
// CHECK: kept alive by: global g_views
// TRACES-DAG: global g_smalls
// TRACES-DAG: global g_bigs
// TRACES-DAG: global g_views
// TRACES-DAG: global g_large
// TRACES-DAG: ignored block

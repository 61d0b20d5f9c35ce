// A block of 4 GiB or more: its size does not fit the graph's 32-bit size field and is
// kept aside (check/heap_graph.h, big_sizes). 5 GiB of the large region, never written
// but its first byte, held by g_big and, through an interior pointer, by a small block
// g_small holds: the retention profile gives the two globals the whole 5 GiB together,
// and g_small its 64 bytes.
// RUN: %clangxx -g -O0 -I%S/../../../include %s -o %t
// RUN: rm -f %t.*.pb.gz
// RUN: env LEAKSCOPE_OPTIONS=snapshot_retention=1:detect_leaks=0 %t %t.1.pb.gz 2>&1 | FileCheck %s --check-prefix=LOG
// RUN: %S/../snapshots/Inputs/pprof.sh %t.go -top -cum -nodefraction=0 -unit=B %t.1.retained.pb.gz 2>&1 | FileCheck %s
#include <leakscope/leakscope.h>
#include <stdio.h>
#include <stdlib.h>

char *g_big;
char **g_small;

int main(int argc, char **argv) {
  g_big = (char *)malloc((size_t)5 << 30);
  if (!g_big) return 1;
  g_big[0] = 1;
  g_small = (char **)malloc(64);
  g_small[0] = g_big + 100;
  __leakscope_write_snapshot(argv[1]);
  printf("done\n");
  return 0;
}
// LOG: wrote retention profile {{.*}}.1.retained.pb.gz
// LOG: done
// 5 GiB = 5368709120 bytes, and the 64-byte block.
// CHECK: 5368709184B {{.*}} main
// CHECK: 5368709120B {{.*}}(several roots: global g_big ({{.*}}), global g_small ({{.*}}))
// CHECK: 64B {{.*}} global g_small (

// The retention profile runs in a ScopedArrayReuse (base/internal_alloc.h): the arrays a
// step frees serve the next step's (the dominators' scratch arrays become the paths'
// array). 100,000 list blocks off one global: per-number arrays of 400 KB, big enough to
// be kept; verbosity=2 says how much was cut from freed arrays, and the profile is the
// same: g_index retains its 8000-byte index and the 1,600,000 bytes of the lists.
// RUN: %clangxx -g -O0 -I%S/../../../include %s -o %t
// RUN: rm -f %t.*.pb.gz
// RUN: env LEAKSCOPE_OPTIONS=snapshot_retention=1:verbosity=2:detect_leaks=0 %t %t.1.pb.gz 2>&1 | FileCheck %s --check-prefix=LOG
// RUN: %S/../snapshots/Inputs/pprof.sh %t.go -top -cum -nodefraction=0 -unit=B %t.1.retained.pb.gz 2>&1 | FileCheck %s
#include <leakscope/leakscope.h>
#include <stdlib.h>

struct Node {
  Node *next;
  long value;
};

Node **g_index;

int main(int argc, char **argv) {
  const int lists = 1000;
  g_index = (Node **)calloc(lists, sizeof(Node *));
  for (int i = 0; i < 100000; i++) g_index[i % lists] = new Node{g_index[i % lists], i};
  __leakscope_write_snapshot(argv[1]);
  return 0;
}
// LOG: retention profile: {{[1-9][0-9]*}} KiB of its arrays cut from ones it had freed
// CHECK: 1608000B {{.*}} global g_index (

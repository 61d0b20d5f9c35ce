// A block no single root dominates is named by the roots that share it in the retention
// profile: "(several roots: A, B)", and ", ..." when a third reaches it too (before, all
// such blocks sat under one "(several roots)" that named none). A thread's stack holding
// a copy of a pointer is a weak root: it adds no name to a block globals share.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: rm -f %t.*.pb.gz
// RUN: env LEAKSCOPE_OPTIONS=snapshot_retention=1:snapshot_path=%t.%%n.pb.gz %t
// RUN: %S/../snapshots/Inputs/pprof.sh %t.go -traces -unit=B %t.1.retained.pb.gz 2>&1 | FileCheck %s
#include <stdio.h>

extern "C" int __leakscope_write_snapshot(const char *path);

struct Pair {
  long a[4];
};
struct Trio {
  long a[8];
};
Pair *g_left, *g_right;
Trio *g_one, *g_two, *g_three;

int main() {
  g_left = g_right = new Pair{};
  g_one = g_two = g_three = new Trio{};
  Pair *volatile on_stack = g_left;  // a stack copy while the snapshot is taken
  if (__leakscope_write_snapshot(nullptr) != 0) return 1;
  printf("%p\n", (void *)on_stack);
  return 0;
}
// CHECK: {{^ +32B +main$}}
// CHECK-NEXT: {{^ +Pair$}}
// CHECK-NEXT: {{^ +\(several roots: global g_(left|right) \(shared_roots.cpp.tmp\), global g_(left|right) \(shared_roots.cpp.tmp\)\)$}}
// CHECK: {{^ +64B +main$}}
// CHECK-NEXT: {{^ +Trio$}}
// CHECK-NEXT: {{^ +\(several roots: global g_(one|two|three) \(shared_roots.cpp.tmp\), global g_(one|two|three) \(shared_roots.cpp.tmp\), \.\.\.\)$}}

// The retention profile's paths pass takes a run of blocks with the last block's
// allocation stack and parent path at once (profile/retention_profile.cpp, PathsOf):
// a run must end where the stack or the parent path changes. Two lists:
//  * g_pairs: 200 Cells, each holding a Leaf (preorder: cell, leaf, cell, leaf, ...):
//    every block changes both; the Cells sit under one merged "Cell" frame, each Leaf
//    one frame below it;
//  * g_two: 200 Twos, the first 100 from make_a and the next 100 from make_b: one type
//    (one group frame "Two") with two allocation sites, so the run must end at the
//    switch for each site's leaf to get its own 100 blocks.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: rm -f %t.*.pb.gz
// RUN: env LEAKSCOPE_OPTIONS=snapshot_retention=1:snapshot_at_exit=1:snapshot_path=%t.%%n.pb.gz %t
// RUN: %S/../snapshots/Inputs/pprof.sh %t.go -traces -unit=B %t.1.retained.pb.gz 2>&1 | FileCheck %s
// RUN: %S/../snapshots/Inputs/pprof.sh %t.go -traces -sample_index=retained_objects %t.1.retained.pb.gz 2>&1 | FileCheck %s --check-prefix=OBJECTS
struct Leaf {
  long v[4];
};
struct Cell {
  Leaf *leaf;
  Cell *next;
};
struct Two {
  Two *next;
  long v;
};

Cell *g_pairs;
Two *g_two;

__attribute__((noinline)) Two *make_a(Two *next) { return new Two{next, 1}; }
__attribute__((noinline)) Two *make_b(Two *next) { return new Two{next, 2}; }
__attribute__((noinline)) Leaf *make_leaf() { return new Leaf{}; }
__attribute__((noinline)) Cell *make_cell(Cell *next) { return new Cell{make_leaf(), next}; }

int main() {
  for (int i = 0; i < 200; i++) g_pairs = make_cell(g_pairs);
  // Appended in order: make_a's blocks first from the head, then make_b's.
  Two **tail = &g_two;
  for (int i = 0; i < 200; i++) {
    *tail = i < 100 ? make_a(nullptr) : make_b(nullptr);
    tail = &(*tail)->next;
  }
  return 0;
}
// CHECK-DAG: {{^ +3200B +make_cell\(Cell\*\)$}}
// CHECK-DAG: {{^ +6400B +make_leaf\(\)$}}
// CHECK-DAG: {{^ +1600B +make_a\(Two\*\)$}}
// CHECK-DAG: {{^ +1600B +make_b\(Two\*\)$}}
// OBJECTS-DAG: {{^ +200 +make_cell\(Cell\*\)$}}
// OBJECTS-DAG: {{^ +200 +make_leaf\(\)$}}
// OBJECTS-DAG: {{^ +100 +make_a\(Two\*\)$}}
// OBJECTS-DAG: {{^ +100 +make_b\(Two\*\)$}}

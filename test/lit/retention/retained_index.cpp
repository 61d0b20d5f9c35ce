// snapshot_retention=1 writes NAME.retained.pb.gz beside the snapshot: stacks are
// dominator-tree paths, so `go tool pprof -top -cum` shows what each root retains. An
// index of 300 entries, each holding a 1000-byte payload: g_index retains its 2400-byte
// Index, the 300 16-byte entries and the payloads, 307200 bytes; the Entry frame 304800
// (entries and payloads), the payloads' leaf 300000. A global holding one block of 500
// bytes retains exactly that; a block two globals point to belongs to no single root.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: rm -f %t.*.pb.gz
// RUN: env LEAKSCOPE_OPTIONS=snapshot_retention=1:snapshot_at_exit=1:snapshot_path=%t.%%n.pb.gz %t 2>&1 | FileCheck %s --check-prefix=LOG
// RUN: %S/../snapshots/Inputs/pprof.sh %t.go -top -cum -nodefraction=0 -unit=B %t.1.retained.pb.gz 2>&1 | FileCheck %s
// RUN: %S/../snapshots/Inputs/pprof.sh %t.go -traces -unit=B %t.1.retained.pb.gz 2>&1 | FileCheck %s --check-prefix=TRACES
// RUN: %S/../snapshots/Inputs/pprof.sh %t.go -top -cum -nodefraction=0 -sample_index=retained_objects %t.1.retained.pb.gz 2>&1 | FileCheck %s --check-prefix=OBJECTS
// Without the option, no retention profile:
// RUN: rm -f %t.*.pb.gz
// RUN: env LEAKSCOPE_OPTIONS=snapshot_at_exit=1:snapshot_path=%t.%%n.pb.gz %t 2>&1 | FileCheck %s --check-prefix=OFF
// RUN: ls %t.1.pb.gz
// RUN: not ls %t.1.retained.pb.gz
struct Payload {
  char bytes[1000];
};
struct Entry {
  long key;
  Payload *payload;
};
struct Index {
  Entry *entries[300];
};
struct Shared {
  long a[4];
};

Index *g_index;
char *g_single;
Shared *g_left, *g_right;
// C++ names that pprof would simplify if they were written as function names: a root in
// a namespace ("(module)" would be dropped as a parameter list), a template type (its
// "<long>" dropped), an untyped block whose group names a qualified function (the whole
// "(store::make_raw() file:line)" would vanish).
namespace store {
template <typename T>
struct Box {
  T value[8];
};
Box<long> *g_box;
char *g_raw;
__attribute__((noinline)) char *make_raw() { return (char *)__builtin_malloc(24); }
}  // namespace store

__attribute__((noinline)) void build() {
  g_index = new Index{};
  for (int i = 0; i < 300; i++) g_index->entries[i] = new Entry{i, new Payload{}};
  g_single = new char[500];
  g_left = g_right = new Shared{};
}

int main() {
  build();
  store::g_box = new store::Box<long>{};
  store::g_raw = store::make_raw();
  return 0;
}
// LOG: wrote heap snapshot {{.*}}.1.pb.gz
// LOG: wrote retention profile {{.*}}.1.retained.pb.gz

// CHECK: Type: retained_space
// CHECK-DAG: {{^ +0 +0% +[0-9.]+% +307200B +[0-9.]+% +global g_index \(retained_index.cpp.tmp\)$}}
// CHECK-DAG: {{^ +0 +0% +[0-9.]+% +307200B +[0-9.]+% +Index$}}
// CHECK-DAG: {{^ +0 +0% +[0-9.]+% +304800B +[0-9.]+% +Entry$}}
// CHECK-DAG: {{^ +0 +0% +[0-9.]+% +300000B +[0-9.]+% +Payload$}}
// The leaves: the allocation sites (all in build(): 307200 + 500 + 32).
// CHECK-DAG: {{^ +307732B +[0-9.]+% +[0-9.]+% +307732B +[0-9.]+% +build\(\)$}}
// CHECK-DAG: {{^ +0 +0% +[0-9.]+% +500B +[0-9.]+% +global g_single \(retained_index.cpp.tmp\)$}}
// CHECK-DAG: {{^ +0 +0% +[0-9.]+% +32B +[0-9.]+% +Shared$}}
// CHECK-DAG: {{^ +0 +0% +[0-9.]+% +64B +[0-9.]+% +global store::g_box \(retained_index.cpp.tmp\)$}}
// CHECK-DAG: {{^ +0 +0% +[0-9.]+% +64B +[0-9.]+% +store::Box<long>$}}
// CHECK-DAG: {{^ +0 +0% +[0-9.]+% +24B +[0-9.]+% +global store::g_raw \(retained_index.cpp.tmp\)$}}
// CHECK-DAG: {{^ +0 +0% +[0-9.]+% +24B +[0-9.]+% +\(store::make_raw\(\) .*retained_index.cpp:[0-9]+\)$}}

// A payload's stack, leaf first: its allocation site, then its dominators up to the root.
// TRACES: {{^ +300000B +build\(\)$}}
// TRACES-NEXT: {{^ +Payload$}}
// TRACES-NEXT: {{^ +Entry$}}
// TRACES-NEXT: {{^ +Index$}}
// TRACES-NEXT: {{^ +global g_index \(retained_index.cpp.tmp\)$}}
// TRACES: {{^ +32B +build\(\)$}}
// TRACES-NEXT: {{^ +Shared$}}
// TRACES-NEXT: {{^ +\(several roots: global g_(left|right) \(retained_index.cpp.tmp\), global g_(left|right) \(retained_index.cpp.tmp\)\)$}}

// OBJECTS: {{^ +0 +0% +[0-9.]+% +601 +[0-9.]+% +global g_index}}

// OFF: wrote heap snapshot
// OFF-NOT: retention profile
// verbosity=1 says how long the world was stopped (the capture) and how long the whole
// profile took (the tree and the encoding run after the threads resumed):
// RUN: rm -f %t.*.pb.gz
// RUN: env LEAKSCOPE_OPTIONS=snapshot_retention=1:snapshot_at_exit=1:snapshot_path=%t.%%n.pb.gz:verbosity=1 %t 2>&1 | FileCheck %s --check-prefix=VERBOSE
// VERBOSE: retention profile: {{[0-9]+}} block(s), {{[0-9]+}} pointer(s), {{[0-9]+}} named root(s); world stopped {{[0-9.]+}} ms, {{[0-9.]+}} ms in all (capture {{[0-9.]+}}, dominator tree {{[0-9.]+}}, paths {{[0-9.]+}}, encoding {{[0-9.]+}}), then {{[0-9.]+}} ms releasing its arrays; about {{[0-9]+}} KiB of arrays

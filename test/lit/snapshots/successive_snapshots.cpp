// Snapshots after the first reuse what the earlier ones symbolized and encoded (the
// profile cache): each file must still be a whole, exact profile of its moment. Four
// snapshots, by the API and by SIGUSR1 (both writers share the cache): a stack seen
// first in a later snapshot gets its own names and type; a freed stack keeps its
// alloc_* values and drops to zero in use; counters of a cached stack follow the
// program; every file decodes on its own (ids, strings) and in go tool pprof.
// RUN: %clangxx -g -O1 -I%S/Inputs -I%S/../../../include %s -o %t
// RUN: rm -rf %t.dir && mkdir %t.dir
// RUN: env LEAKSCOPE_OPTIONS=snapshot_path=%t.dir/sig.pb.gz %t %t.dir 2>&1 | FileCheck %s --check-prefix=LOG
// RUN: python3 %S/Inputs/profile_reader.py dump %t.dir/1.pb.gz | FileCheck %s --check-prefix=ONE
// RUN: python3 %S/Inputs/profile_reader.py dump %t.dir/2.pb.gz | FileCheck %s --check-prefix=TWO
// RUN: python3 %S/Inputs/profile_reader.py dump %t.dir/sig.pb.gz | FileCheck %s --check-prefix=SIG
// RUN: python3 %S/Inputs/profile_reader.py dump %t.dir/4.pb.gz | FileCheck %s --check-prefix=FOUR
// RUN: %S/Inputs/pprof.sh %t.go -top -nodefraction=0 -unit=B -sample_index=alloc_space %t.dir/4.pb.gz 2>&1 | FileCheck %s --check-prefix=PPROF
#include <leakscope/leakscope.h>
#include <stdlib.h>

#include <string>

#include "wait_for_file.h"

struct Gadget {
  long a, b, c, d;  // 32 bytes
};

void *volatile first[10];
Gadget *volatile later[5];
void *volatile grown[20];

__attribute__((noinline)) void AllocateFirst() {
  for (int i = 0; i < 10; i++) first[i] = malloc(100);
}

__attribute__((noinline)) void AllocateLater() {
  for (int i = 0; i < 5; i++) later[i] = new Gadget();
}

__attribute__((noinline)) void Grow(int from, int to) {
  for (int i = from; i < to; i++) grown[i] = malloc(24);
}

int main(int argc, char **argv) {
  std::string dir = argv[1];
  AllocateFirst();
  for (int round = 0; round < 2; round++) {  // one call site: Grow's stack is the same
    Grow(round * 10, round * 10 + 10);
    if (round == 1) AllocateLater();
    if (__leakscope_write_snapshot((dir + "/" + std::to_string(round + 1) + ".pb.gz").c_str())) return 1;
  }
  for (int i = 0; i < 10; i++) free(first[i]);
  SnapshotBySignal((dir + "/sig.pb.gz").c_str());
  for (int i = 0; i < 5; i++) delete later[i];
  if (__leakscope_write_snapshot((dir + "/4.pb.gz").c_str())) return 1;
  for (int i = 0; i < 20; i++) free(grown[i]);
  return 0;
}
// LOG-COUNT-4: LeakScope: wrote heap snapshot
// LOG-NOT: LeakScope

// ONE-DAG: alloc_objects=10 alloc_space=1000 stale_objects=0 stale_space=0 inuse_objects=10 inuse_space=1000 | bytes=100 | AllocateFirst();main
// ONE-DAG: alloc_objects=10 alloc_space=240 stale_objects=0 stale_space=0 inuse_objects=10 inuse_space=240 | bytes=24 | Grow(int, int);main
// ONE-NOT: Gadget

// TWO-DAG: alloc_objects=10 alloc_space=1000 stale_objects=0 stale_space=0 inuse_objects=10 inuse_space=1000 | bytes=100 | AllocateFirst();main
// TWO-DAG: alloc_objects=20 alloc_space=480 stale_objects=0 stale_space=0 inuse_objects=20 inuse_space=480 | bytes=24 | Grow(int, int);main
// TWO-DAG: alloc_objects=5 alloc_space=160 stale_objects=0 stale_space=0 inuse_objects=5 inuse_space=160 | bytes=32 type=Gadget | {{.*}}AllocateLater();main

// SIG-DAG: alloc_objects=10 alloc_space=1000 stale_objects=0 stale_space=0 inuse_objects=0 inuse_space=0 | bytes=100 | AllocateFirst();main
// SIG-DAG: alloc_objects=20 alloc_space=480 stale_objects=0 stale_space=0 inuse_objects=20 inuse_space=480 | bytes=24 | Grow(int, int);main
// SIG-DAG: alloc_objects=5 alloc_space=160 stale_objects=0 stale_space=0 inuse_objects=5 inuse_space=160 | bytes=32 type=Gadget | {{.*}}AllocateLater();main

// FOUR-DAG: alloc_objects=10 alloc_space=1000 stale_objects=0 stale_space=0 inuse_objects=0 inuse_space=0 | bytes=100 | AllocateFirst();main
// FOUR-DAG: alloc_objects=20 alloc_space=480 stale_objects=0 stale_space=0 inuse_objects=20 inuse_space=480 | bytes=24 | Grow(int, int);main
// FOUR-DAG: alloc_objects=5 alloc_space=160 stale_objects=0 stale_space=0 inuse_objects=0 inuse_space=0 | bytes=32 type=Gadget | {{.*}}AllocateLater();main

// PPROF: Type: alloc_space
// PPROF-DAG: {{^ *}}1000B {{.*}} AllocateFirst()
// PPROF-DAG: {{^ *}}480B {{.*}} Grow(int, int)
// PPROF-DAG: {{^ *}}160B {{.*}} AllocateLater()

// SIGUSR1 writes a heap snapshot that go tool pprof opens as it is: inuse and alloc
// bytes per allocating function are exact, -list shows the allocating line, and the
// pass's type name is a `type` tag.
// RUN: %clangxx -g -O1 -I%S/Inputs %s -o %t
// RUN: rm -f %t.snap.pb.gz
// RUN: env LEAKSCOPE_OPTIONS=snapshot_path=%t.snap.pb.gz %t %t.snap.pb.gz 2>&1 | FileCheck %s --check-prefix=LOG
// RUN: %S/Inputs/pprof.sh %t.go -top -nodefraction=0 -unit=B -sample_index=inuse_space %t.snap.pb.gz 2>&1 | FileCheck %s --check-prefix=INUSE
// RUN: %S/Inputs/pprof.sh %t.go -top -nodefraction=0 -unit=B -sample_index=alloc_space %t.snap.pb.gz 2>&1 | FileCheck %s --check-prefix=ALLOC
// RUN: %S/Inputs/pprof.sh %t.go -source_path=%S -list 'KeepBuffers' -unit=B %t.snap.pb.gz 2>&1 | FileCheck %s --check-prefix=LIST
// RUN: %S/Inputs/pprof.sh %t.go -tags %t.snap.pb.gz 2>&1 | FileCheck %s --check-prefix=TAGS
// RUN: %S/Inputs/pprof.sh %t.go -top -nodefraction=0 -sample_index=inuse_objects %t.snap.pb.gz 2>&1 | FileCheck %s --check-prefix=OBJECTS
// The runtime's own blocks (libc's, allocated for the runtime: pthread_getattr_np's
// stdio, the runtime threads' TLS vectors) are in no sample, in use or not.
// RUN: %S/Inputs/pprof.sh %t.go -traces -sample_index=alloc_space %t.snap.pb.gz 2>&1 | FileCheck %s --check-prefix=TRACES
// The call graph as the seed's `web` shows it: -svg runs Graphviz's dot.
// RUN: %S/Inputs/pprof.sh %t.go -svg -nodefraction=0 -sample_index=inuse_space %t.snap.pb.gz > %t.svg
// RUN: FileCheck %s --check-prefix=SVG < %t.svg
#include <stdlib.h>
#include <string.h>

#include "wait_for_file.h"

struct Widget {
  long a, b, c, d, e, f;  // 48 bytes
};

void *volatile buffers[100];
Widget *volatile widgets[10];

__attribute__((noinline)) void KeepBuffers() {
  for (int i = 0; i < 100; i++) buffers[i] = malloc(1000);
}

__attribute__((noinline)) void KeepWidgets() {
  for (int i = 0; i < 10; i++) widgets[i] = new Widget();
}

__attribute__((noinline)) void Churn() {
  for (int i = 0; i < 1000; i++) {
    void *volatile p = malloc(64);
    free(p);
  }
}

int main(int argc, char **argv) {
  KeepBuffers();
  KeepWidgets();
  Churn();
  SnapshotBySignal(argv[1]);
  return 0;
}
// LOG: LeakScope: wrote heap snapshot {{.*}}.snap.pb.gz

// INUSE: File: signal_top.cpp.tmp
// INUSE: Type: inuse_space
// INUSE-DAG: {{^ *}}100000B {{.*}} KeepBuffers()
// INUSE-DAG: {{^ *}}480B {{.*}} KeepWidgets()
// INUSE-NOT: Churn

// ALLOC: Type: alloc_space
// ALLOC-DAG: {{^ *}}100000B {{.*}} KeepBuffers()
// ALLOC-DAG: {{^ *}}64000B {{.*}} Churn()
// ALLOC-DAG: {{^ *}}480B {{.*}} KeepWidgets()

// LIST: ROUTINE {{=+}} KeepBuffers() in {{.*}}signal_top.cpp
// LIST: 100000B 100000B {{.*}}buffers[i] = malloc(1000);

// TAGS: type: Total
// TAGS: Widget

// OBJECTS: {{^ *}}100 {{.*}} KeepBuffers()

// TRACES: Type: alloc_space
// TRACES-NOT: leakscope::
// TRACES-NOT: LeakScope
// TRACES: KeepBuffers()
// TRACES-NOT: leakscope::
// TRACES-NOT: LeakScope

// SVG: <svg
// SVG-DAG: >KeepBuffers()<
// SVG-DAG: >KeepWidgets()<
// SVG: </svg>

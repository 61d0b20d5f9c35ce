// The preloaded runtime (no recompilation) takes snapshots on SIGUSR1 too.
// RUN: %plain_clangxx -g -O1 -I%S/Inputs %s -o %t
// RUN: rm -f %t.pb.gz
// RUN: env LD_PRELOAD=%libdir/libleakscope_rt.so LEAKSCOPE_OPTIONS=snapshot_path=%t.pb.gz %t %t.pb.gz 2>&1 | FileCheck %s
// RUN: %S/Inputs/pprof.sh %t.go -top -nodefraction=0 -unit=B %t.pb.gz | FileCheck %s --check-prefix=TOP
#include <stdlib.h>

#include "wait_for_file.h"

void *volatile keep;
__attribute__((noinline)) void Allocate() { keep = malloc(54321); }

int main(int argc, char **argv) {
  Allocate();
  return SnapshotBySignal(argv[1]);
}
// CHECK: LeakScope: wrote heap snapshot {{.*}}.pb.gz
// TOP: {{^ *}}54321B {{.*}} Allocate()

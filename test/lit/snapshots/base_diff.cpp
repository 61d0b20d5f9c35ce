// Two snapshots of a program whose cache grows in between: `pprof -base OLD NEW`
// shows only the growth, attributed to the function that grows the cache; memory that
// did not change between the snapshots cancels out.
// RUN: %clangxx -g -O1 -I%S/Inputs %s -o %t
// RUN: rm -f %t.*.pb.gz
// RUN: env LEAKSCOPE_OPTIONS=snapshot_path=%t.%%n.pb.gz %t %t.1.pb.gz %t.2.pb.gz 2>&1 | FileCheck %s --check-prefix=LOG
// RUN: %S/Inputs/pprof.sh %t.go -top -nodefraction=0 -unit=B -sample_index=inuse_space -base %t.1.pb.gz %t.2.pb.gz 2>&1 | FileCheck %s --check-prefix=DIFF
// RUN: %S/Inputs/pprof.sh %t.go -top -nodefraction=0 -unit=B -sample_index=inuse_space %t.2.pb.gz 2>&1 | FileCheck %s --check-prefix=NEW
#include <stdlib.h>

#include "wait_for_file.h"

struct Entry {
  Entry *next;
  char payload[1008];  // 1016 bytes with the link
};
Entry *volatile cache;
void *volatile config;

__attribute__((noinline)) void LoadConfig() { config = malloc(5000); }

__attribute__((noinline)) void GrowCache(int n) {
  for (int i = 0; i < n; i++) {
    Entry *e = (Entry *)malloc(sizeof(Entry));
    e->next = cache;
    cache = e;
  }
}

int main(int argc, char **argv) {
  LoadConfig();
  GrowCache(10);
  SnapshotBySignal(argv[1]);
  GrowCache(50);
  SnapshotBySignal(argv[2]);
  return 0;
}
// LOG: LeakScope: wrote heap snapshot {{.*}}.1.pb.gz
// LOG: LeakScope: wrote heap snapshot {{.*}}.2.pb.gz

// The growth: 50 entries of 1016 bytes, and nothing else.
// DIFF: Showing nodes accounting for 50800B, {{.*}} of 50800B total
// DIFF: {{^ *}}50800B {{.*}} GrowCache(int)
// DIFF-NOT: LoadConfig

// NEW-DAG: {{^ *}}60960B {{.*}} GrowCache(int)
// NEW-DAG: {{^ *}}5000B {{.*}} LoadConfig()

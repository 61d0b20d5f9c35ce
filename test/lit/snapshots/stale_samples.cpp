// Heap snapshots carry stale memory: sample types stale_objects/stale_space (blocks not
// accessed for stale_after_s), split by age range with a numeric `age_s` label, and go
// tool pprof reads them with -sample_index=stale_space. The default sample type stays
// inuse_space. Only the cold blocks are stale; the hot ones are read all the time.
// Snapshots do not mark the heap unless snapshot_leaks=1, so a leaked block counts as
// stale there; with snapshot_leaks=1 it is a leak, not stale.
// RUN: %clangxx -g -O1 -I%S/Inputs %s -o %t
// RUN: rm -f %t.snap.pb.gz
// RUN: env LEAKSCOPE_OPTIONS=snapshot_path=%t.snap.pb.gz:stale_after_s=1:epoch_period_ms=100 %expect_exit 23 %t %t.snap.pb.gz 2>&1 | FileCheck %s --check-prefix=LOG
// RUN: %S/Inputs/pprof.sh %t.go -top -nodefraction=0 -unit=B -sample_index=stale_space %t.snap.pb.gz 2>&1 | FileCheck %s --check-prefix=STALE
// RUN: %S/Inputs/pprof.sh %t.go -top -nodefraction=0 -sample_index=stale_objects %t.snap.pb.gz 2>&1 | FileCheck %s --check-prefix=OBJECTS
// RUN: %S/Inputs/pprof.sh %t.go -top -nodefraction=0 -unit=B %t.snap.pb.gz 2>&1 | FileCheck %s --check-prefix=INUSE
// RUN: %S/Inputs/pprof.sh %t.go -tags -unit=B -sample_index=stale_space %t.snap.pb.gz 2>&1 | FileCheck %s --check-prefix=TAGS
// RUN: %S/Inputs/pprof.sh %t.go -raw %t.snap.pb.gz 2>&1 | FileCheck %s --check-prefix=RAW
// RUN: %S/Inputs/pprof.sh %t.go -comments %t.snap.pb.gz 2>&1 | FileCheck %s --check-prefix=COMMENTS
// RUN: rm -f %t.leaks.pb.gz
// RUN: env LEAKSCOPE_OPTIONS=snapshot_path=%t.leaks.pb.gz:stale_after_s=1:epoch_period_ms=100:snapshot_leaks=1:exitcode=0 %t %t.leaks.pb.gz
// RUN: %S/Inputs/pprof.sh %t.go -top -nodefraction=0 -unit=B -sample_index=stale_space %t.leaks.pb.gz 2>&1 | FileCheck %s --check-prefix=MARKED
#include <stdlib.h>
#include <time.h>

#include "wait_for_file.h"

char *volatile cold[50];
char *volatile hot[20];
void *volatile sink;

__attribute__((noinline)) void Leak() {
  sink = malloc(777);
  ((char *)sink)[0] = 1;
  sink = nullptr;
}

__attribute__((noinline)) void FillCold() {
  for (int i = 0; i < 50; i++) {
    cold[i] = (char *)malloc(1000);
    cold[i][0] = 1;
  }
}

__attribute__((noinline)) void FillHot() {
  for (int i = 0; i < 20; i++) {
    hot[i] = (char *)malloc(500);
    hot[i][0] = 1;
  }
}

int main(int argc, char **argv) {
  FillCold();
  FillHot();
  Leak();
  long sum = 0;
  for (int round = 0; round < 25; round++) {  // 2.5 s
    for (int i = 0; i < 20; i++) sum += hot[i][round];
    struct timespec ts = {0, 100 * 1000 * 1000};
    nanosleep(&ts, nullptr);
  }
  SnapshotBySignal(argv[1]);
  return sum == 123456 ? 1 : 0;
}
// LOG: LeakScope: wrote heap snapshot {{.*}}.snap.pb.gz

// STALE: Type: stale_space
// STALE-DAG: {{^ *}}50000B {{.*}} FillCold()
// STALE-DAG: {{^ *}}777B {{.*}} Leak()
// STALE-NOT: FillHot

// MARKED: Type: stale_space
// MARKED: Showing nodes accounting for 50000B, 100% of 50000B total
// MARKED: {{^ *}}50000B {{.*}} FillCold()
// MARKED-NOT: Leak()

// OBJECTS: Type: stale_objects
// OBJECTS-DAG: {{^ *}}50 {{.*}} FillCold()
// OBJECTS-DAG: {{^ *}}1 {{.*}} Leak()
// OBJECTS-NOT: FillHot

// INUSE: Type: inuse_space
// INUSE-DAG: {{^ *}}50000B {{.*}} FillCold()
// INUSE-DAG: {{^ *}}10000B {{.*}} FillHot()

// TAGS: age_s: Total 50777.0B
// TAGS-NEXT: {{^ *}}50777.0B ( 100%): 1s{{$}}

// The threshold the stale samples used is in the profile, for `leakscope stale`.
// COMMENTS: LeakScope heap snapshot
// COMMENTS-NEXT: {{^}}stale_after_s=1{{$}}

// RAW: Samples:
// RAW-NEXT: alloc_objects/count alloc_space/bytes stale_objects/count stale_space/bytes inuse_objects/count inuse_space/bytes[dflt]
// One stale sample: 50 objects, 50000 bytes, only stale values, labelled with its age.
// RAW: {{^ *}}0 0 50 50000 0 0: {{.*}}
// RAW-NEXT: age_s:[1 seconds] bytes:[1000]

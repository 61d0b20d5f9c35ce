// snapshot_interval_s writes snapshots periodically from the snapshot thread;
// snapshot_at_exit writes one when the program exits. Names follow the default
// pattern leakscope.%p.%n.pb.gz in the working directory.
// RUN: %clangxx -g -O1 -I%S/../../../include %s -o %t
// Interval: a 1 s period over 3.2 s gives at least two snapshots. (A snapshot slower
// than the period skips a period rather than pile up; the program warms the
// symbolizer first, whose start-up is the slow part on a loaded machine.)
// RUN: rm -rf %t.dir && mkdir %t.dir && cd %t.dir
// RUN: env LEAKSCOPE_OPTIONS=snapshot_interval_s=1 %t 3200 %t.warm.pb.gz 2>&1 | FileCheck %s --check-prefix=INTERVAL
// RUN: %S/Inputs/pprof.sh %t.go -comments %t.dir/leakscope.*.2.pb.gz | FileCheck %s --check-prefix=INTERVAL-COMMENT
// Exit: exactly one snapshot, with the program's final heap.
// RUN: rm -rf %t.dir && mkdir %t.dir && cd %t.dir
// RUN: env LEAKSCOPE_OPTIONS=snapshot_at_exit=1 %t 0 2>&1 | FileCheck %s --check-prefix=EXIT
// RUN: ls %t.dir | count 1
// RUN: %S/Inputs/pprof.sh %t.go -top -nodefraction=0 -unit=B -sample_index=inuse_space %t.dir/leakscope.*.1.pb.gz | FileCheck %s --check-prefix=LAST
// RUN: %S/Inputs/pprof.sh %t.go -comments %t.dir/leakscope.*.1.pb.gz | FileCheck %s --check-prefix=EXIT-COMMENT
// Neither option: no file, no output.
// RUN: rm -rf %t.dir && mkdir %t.dir && cd %t.dir
// RUN: %t 0 2>&1 | count 0
// RUN: ls %t.dir | count 0
#include <leakscope/leakscope.h>
#include <stdlib.h>
#include <unistd.h>

void *volatile keep;
__attribute__((noinline)) void Allocate() { keep = malloc(12345); }

int main(int argc, char **argv) {
  Allocate();
  if (argc > 2) __leakscope_write_snapshot(argv[2]);
  usleep(atoi(argv[1]) * 1000);
  return 0;
}
// INTERVAL: LeakScope: wrote heap snapshot {{.*}}.warm.pb.gz
// INTERVAL-NEXT: LeakScope: wrote heap snapshot leakscope.[[PID:[0-9]+]].1.pb.gz
// INTERVAL-NEXT: LeakScope: wrote heap snapshot leakscope.[[PID]].2.pb.gz
// INTERVAL-COMMENT: LeakScope heap snapshot (interval)

// EXIT: LeakScope: wrote heap snapshot leakscope.{{[0-9]+}}.1.pb.gz
// EXIT-NOT: LeakScope
// LAST: {{^ *}}12345B {{.*}} Allocate()
// EXIT-COMMENT: LeakScope heap snapshot (exit)

// When the working directory is not writable, snapshots named without a directory go
// to $TMPDIR, and LeakScope says so once. Runs unprivileged (root ignores permissions).
// RUN: %clangxx -g -O1 -I%S/Inputs %s -o %t
// RUN: rm -rf %t.ro %t.tmp && mkdir %t.ro %t.tmp && chmod 555 %t.ro && chmod 777 %t.tmp
// RUN: cd %t.ro && env TMPDIR=%t.tmp %S/Inputs/unprivileged.sh %t 2>&1 | FileCheck %s
// RUN: ls %t.tmp | count 2
// RUN: ls %t.ro | count 0
#include <signal.h>
#include <unistd.h>

int main() {
  raise(SIGUSR1);
  usleep(300000);
  raise(SIGUSR1);
  usleep(300000);
  return 0;
}
// CHECK: LeakScope: cannot write heap snapshots in the working directory (Permission denied); writing them in {{.*}}.tmp
// CHECK-NEXT: LeakScope: wrote heap snapshot {{.*}}.tmp/leakscope.[[PID:[0-9]+]].1.pb.gz
// CHECK-NEXT: LeakScope: wrote heap snapshot {{.*}}.tmp/leakscope.[[PID]].2.pb.gz

// A forked child has no snapshot thread: its SIGUSR1s are counted and served when it
// exits, in a file named with its own pid; the parent's snapshots are unaffected.
// RUN: %clangxx -g -O1 -I%S/Inputs %s -o %t
// RUN: rm -rf %t.dir && mkdir %t.dir && cd %t.dir
// RUN: %t 2>&1 | FileCheck %s
// RUN: ls %t.dir | count 2
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wait_for_file.h"

int main() {
  pid_t child = fork();
  if (child == 0) {
    raise(SIGUSR1);
    raise(SIGUSR1);
    usleep(100000);
    fprintf(stderr, "child %d exits\n", (int)getpid());
    exit(0);
  }
  int status;
  waitpid(child, &status, 0);
  char path[64];
  snprintf(path, sizeof(path), "leakscope.%d.1.pb.gz", (int)getpid());
  fprintf(stderr, "parent %d\n", (int)getpid());
  return SnapshotBySignal(path);
}
// CHECK: child [[CHILD:[0-9]+]] exits
// CHECK-NEXT: LeakScope: 2 snapshot requests (signal 10) coalesced into one snapshot
// CHECK-NEXT: LeakScope: wrote heap snapshot leakscope.[[CHILD]].1.pb.gz
// CHECK-NEXT: parent [[PARENT:[0-9]+]]
// CHECK-NEXT: LeakScope: wrote heap snapshot leakscope.[[PARENT]].1.pb.gz

// The program's own SIGUSR1 handler wins: LeakScope keeps it, says so once, and writes
// no snapshot on that signal; the API still writes. Before the program installs its
// handler, it sees the default disposition (LeakScope's handler stays invisible).
// RUN: %clangxx -g -O1 -I%S/../../../include %s -o %t
// RUN: rm -rf %t.dir && mkdir %t.dir && cd %t.dir
// RUN: %t signal 2>&1 | FileCheck %s --check-prefixes=CHECK,SIGNAL
// RUN: %t sigaction 2>&1 | FileCheck %s --check-prefixes=CHECK,SIGACTION
// RUN: ls %t.dir | count 1
#include <leakscope/leakscope.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

volatile sig_atomic_t handled;
void OnUsr1(int) { handled++; }

int main(int argc, char **argv) {
  struct sigaction cur;
  sigaction(SIGUSR1, nullptr, &cur);
  printf("before: %s\n", cur.sa_handler == SIG_DFL ? "default" : "other");
  fflush(stdout);
  if (!strcmp(argv[1], "signal")) {
    signal(SIGUSR1, OnUsr1);
  } else {
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = OnUsr1;
    sigaction(SIGUSR1, &sa, nullptr);
  }
  raise(SIGUSR1);
  raise(SIGUSR1);
  usleep(200000);
  printf("program handler ran %d times\n", (int)handled);
  fflush(stdout);
  if (!strcmp(argv[1], "signal")) __leakscope_write_snapshot("api.pb.gz");
  return 0;
}
// CHECK: before: default
// CHECK: LeakScope: the program installed its own handler for signal 10 (User defined signal 1); LeakScope keeps it and writes no heap snapshots on that signal
// CHECK-NOT: LeakScope: the program
// CHECK: program handler ran 2 times
// CHECK-NOT: wrote heap snapshot leakscope.
// SIGNAL: LeakScope: wrote heap snapshot api.pb.gz
// SIGACTION-NOT: wrote heap snapshot

// The at-exit check does not count stack frames that are dead when the program exits,
// however it exits: a block whose only pointers were in the frames of a call that
// returned is a leak, every run (LeakSanitizer misses it in some runs, and so did
// LeakScope in about one run of four when a callee of main called exit()).
//   exit     a callee of main calls exit(): the frames below its stack pointer (the
//            returned call's, then exit()'s own and the runtime's) are dead;
//   return   main returns;
//   atexit   an atexit handler allocates and drops a block: by the time the check runs,
//            last, the handler's frame is dead too.
// Each mode runs 20 times and every run must report the leak.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: for i in $(seq 20); do %expect_exit 23 %t exit; done 2>&1 | FileCheck --check-prefix=DROP %s
// RUN: for i in $(seq 20); do %expect_exit 23 %t return; done 2>&1 | FileCheck --check-prefix=DROP %s
// RUN: for i in $(seq 20); do %expect_exit 23 %t atexit; done 2>&1 | FileCheck --check-prefix=ATEXIT %s
// DROP-COUNT-20: Direct leak of 4321 byte(s) in 1 object(s)
// DROP-NOT: Direct leak
// ATEXIT-COUNT-20: Direct leak of 1234 byte(s) in 1 object(s)
// ATEXIT-NOT: Direct leak
// A pointer in a live frame is still found (positive control: no report):
// RUN: %expect_exit 0 %t live 2>&1 | FileCheck --check-prefix=LIVE %s
// LIVE: live: exiting
// LIVE-NOT: Direct leak
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Copies of the pointer at several depths, as a real call chain leaves them.
__attribute__((noinline)) void spread(int n, char *p) {
  char *volatile copies[32];
  for (int i = 0; i < 32; i++) copies[i] = p + i;
  if (n > 0) spread(n - 1, p);
}

__attribute__((noinline)) void drop(int n, size_t size) {
  char *p = (char *)malloc(size);
  memset(p, 0, size);
  spread(n, p);
}

__attribute__((noinline)) void finish() { exit(0); }

static void AtExitHandler() { drop(3, 1234); }

__attribute__((noinline)) void exit_holding() {
  char *volatile p = (char *)malloc(99);
  fprintf(stderr, "live: exiting\n");
  exit(p ? 0 : 1);
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  if (!strcmp(mode, "atexit")) {
    atexit(AtExitHandler);
    return 0;
  }
  if (!strcmp(mode, "live")) exit_holding();
  drop(3, 4321);
  if (!strcmp(mode, "exit")) finish();
  return 0;
}

// The epoch clock runs in a forked child too (its own clock thread), so stale ages stay
// right in a child that outlives its parent's fork; and without a clock
// (epoch_period_ms=0) the epoch does not move by itself.
// RUN: %clangxx -g -O1 -I%S/../../../include %s -o %t
// RUN: env LEAKSCOPE_OPTIONS=epoch_period_ms=50 %t 2>&1 | FileCheck %s
// RUN: env LEAKSCOPE_OPTIONS=epoch_period_ms=0 %t 2>&1 | FileCheck %s --check-prefix=OFF
#include <leakscope/leakscope.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static unsigned EpochsIn(long ms) {
  unsigned before = __leakscope_current_epoch();
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};
  nanosleep(&ts, nullptr);
  return __leakscope_current_epoch() - before;
}

int main() {
  printf("parent advanced: %s\n", EpochsIn(500) >= 3 ? "yes" : "no");
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    printf("child advanced: %s\n", EpochsIn(500) >= 3 ? "yes" : "no");
    return 0;
  }
  int status;
  waitpid(pid, &status, 0);
  return 0;
}
// CHECK: parent advanced: yes
// CHECK: child advanced: yes
// OFF: parent advanced: no
// OFF: child advanced: no

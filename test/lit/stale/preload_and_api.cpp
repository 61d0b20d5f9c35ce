// Preload mode has no pass, so the shadow knows nothing about accesses: the stale report
// is one line saying so, not every block called stale. In an instrumented build,
// __leakscope_print_stale_report(min_age_s) reports on demand, with its own threshold.
// RUN: %clangxx -g -O1 -I%S/../../../include %s -o %t
// RUN: env LEAKSCOPE_OPTIONS=epoch_period_ms=100 %t api 2>&1 | FileCheck %s --check-prefix=API
// RUN: %plain_clangxx -DNO_API -g -O1 -I%S/../../../include %s -o %tp
// RUN: env LD_PRELOAD=%rt_so LEAKSCOPE_OPTIONS=report_stale=1:stale_after_s=0 %tp 2>&1 | FileCheck %s --check-prefix=PRELOAD
#include <leakscope/leakscope.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

char *volatile block;

int main(int argc, char **argv) {
  block = (char *)malloc(2222);
  memset(block, 0, 2222);
#ifndef NO_API
  if (argc > 1) {
    __leakscope_print_stale_report(30);  // nothing is 30 s old
    fprintf(stderr, "---\n");
    struct timespec ts = {1, 300 * 1000 * 1000};
    nanosleep(&ts, nullptr);
    __leakscope_print_stale_report(1);
  }
#endif
  return 0;
}
// API-NOT: Stale memory
// API: ---
// API: Stale memory: 2222 byte(s) in 1 object(s) not accessed for at least 1 s, allocated from:
// API: SUMMARY: LeakScope: 2222 byte(s) stale in 1 allocation(s).

// PRELOAD: LeakScope: no stale memory report: no code of this program was built with the LeakScope pass (preload mode sees allocations, not accesses)
// PRELOAD-NOT: Stale memory

// The reports made before static destructors share one heap graph: with report_stale=1
// and report_pinned=1 the world is stopped once for a graph at exit (verbosity=2 logs
// each capture), and both reports still carry their retention paths. The API's stale
// report, made while the program runs, captures its own.
// RUN: %clangxx -g -O1 -I%S/../../../include %s -o %t
// RUN: env LEAKSCOPE_OPTIONS=report_stale=1:stale_after_s=1:epoch_period_ms=100:report_pinned=1:verbosity=2 %t 2>&1 | FileCheck %s
// RUN: env LEAKSCOPE_OPTIONS=report_stale=1:stale_after_s=1:epoch_period_ms=100:report_pinned=1:verbosity=2 %t 2>&1 | grep -c "heap graph captured" | FileCheck %s --check-prefix=ONCE
// RUN: env LEAKSCOPE_OPTIONS=report_stale=1:stale_after_s=1:epoch_period_ms=100:report_pinned=1:verbosity=2 %t api 2>&1 | grep -c "heap graph captured" | FileCheck %s --check-prefix=TWICE
#include <leakscope/leakscope.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct Holder {
  long tag;
  char *view;  // into a 1 MiB buffer: the buffer is pinned, and stale
};

Holder *volatile g_holder;

__attribute__((noinline)) void make_pinned() {
  char *big = (char *)malloc(1 << 20);
  memset(big, 'x', 1 << 20);
  g_holder = new Holder{0, big + 4096};
}

int main(int argc, char **argv) {
  make_pinned();
  for (int i = 0; i < 15; i++) {
    struct timespec ts = {0, 100 * 1000 * 1000};
    nanosleep(&ts, nullptr);
  }
  if (argc > 1) __leakscope_print_stale_report(1);
  return 0;
}
// CHECK: heap graph captured:
// CHECK: Stale memory: 1048576 byte(s) in 1 object(s) not accessed for at least 1 s, allocated from:
// CHECK: kept alive by: global g_holder (exit_graph_shared.cpp.tmp) -> Holder+8{{$}}
// CHECK: Pinned memory: 1048576 byte(s) in 1 object(s) kept alive only by pointers into 1 byte(s), allocated from:
// CHECK: kept alive by: global g_holder (exit_graph_shared.cpp.tmp) -> Holder+8{{$}}
// ONCE: {{^1$}}
// TWICE: {{^2$}}

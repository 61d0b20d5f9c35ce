// A symbolizer that never answers (a script that sleeps) costs each report at most
// symbolizer_timeout_ms: one warning (after the report's summary line), the frames left unsymbolized, the symbolizer
// killed and reaped (its pid is gone, no zombie), and later checks do not start it
// again (it would write its pid anew). The control: a script that runs the real
// llvm-symbolizer (with a bound a loaded machine cannot reach) symbolizes main, no warning.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: printf '#!/bin/sh\necho $$ > "$SYMBOLIZER_PIDFILE"\nexec sleep 1000\n' > %t.hang.sh
// RUN: printf '#!/bin/sh\necho $$ > "$SYMBOLIZER_PIDFILE"\nexec /usr/lib/llvm-%llvm_major/bin/llvm-symbolizer "$@"\n' > %t.works.sh
// RUN: chmod +x %t.hang.sh %t.works.sh
// RUN: env SYMBOLIZER_PIDFILE=%t.pid LEAKSCOPE_OPTIONS=external_symbolizer_path=%t.hang.sh:symbolizer_timeout_ms=1000:leak_check_at_exit=0 timeout 120 %t %t.pid 2>&1 | FileCheck %s --check-prefix=HANG
// RUN: env SYMBOLIZER_PIDFILE=%t.pid LEAKSCOPE_OPTIONS=external_symbolizer_path=%t.works.sh:symbolizer_timeout_ms=60000:leak_check_at_exit=0 timeout 120 %t %t.pid 2>&1 | FileCheck %s --check-prefix=WORKS
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

extern "C" int __lsan_do_recoverable_leak_check(void);

void *volatile sink;

__attribute__((noinline)) void leak() { sink = malloc(68); }

static double NowMs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
  leak();
  sink = nullptr;
  double t0 = NowMs();
  __lsan_do_recoverable_leak_check();
  double first = NowMs() - t0;
  int pid = 0;
  FILE *f = fopen(argv[1], "r");
  if (!f || fscanf(f, "%d", &pid) != 1) return 1;
  fclose(f);
  bool gone = kill(pid, 0) != 0 && errno == ESRCH;  // a zombie would still take signals
  fprintf(stderr, "first check %s 20 s; symbolizer %s\n", first < 20000 ? "under" : "over",
          gone ? "gone" : "still there");
  unlink(argv[1]);
  __lsan_do_recoverable_leak_check();
  fprintf(stderr, "second check: symbolizer %s\n",
          access(argv[1], F_OK) == 0 ? "started again" : "not started again");
  return 0;
}
// The warning comes after the report's summary, never inside a record:
// HANG: Direct leak of 68 byte(s) in 1 object(s)
// HANG-NOT: did not answer
// HANG: #1 0x{{[0-9a-f]+}} in leak() {{.*}}symbolizer_timeout.cpp:{{[0-9]+}}
// HANG-NEXT: #2 0x{{[0-9a-f]+}} ({{.*}}symbolizer_timeout.cpp.tmp+0x{{[0-9a-f]+}})
// HANG-NOT: did not answer
// HANG: SUMMARY: LeakScope: 68 byte(s) leaked in 1 allocation(s).
// HANG-NEXT: LeakScope: the symbolizer '{{.*}}hang.sh' did not answer within 1000 ms (symbolizer_timeout_ms); it was stopped, and the remaining frames are not symbolized
// HANG: first check under 20 s; symbolizer gone
// HANG-NOT: did not answer
// HANG: Direct leak of 68 byte(s) in 1 object(s)
// HANG: #2 0x{{[0-9a-f]+}} ({{.*}}symbolizer_timeout.cpp.tmp+0x{{[0-9a-f]+}})
// HANG: second check: symbolizer not started again

// WORKS-NOT: did not answer
// WORKS: #2 0x{{[0-9a-f]+}} in main {{.*}}symbolizer_timeout.cpp
// WORKS: first check under 20 s; symbolizer still there
// WORKS: second check: symbolizer not started again

// Every numeric option has a range: a value outside it (negative, too big) is refused
// before main with a one-line error naming the option, instead of wrapping
// (snapshot_interval_s=-1 wrote snapshots without pause; exitcode=256 exited 0).
// A snapshot signal that the program's own faults or the kernel would send in a loop, or
// that is the stop signal, is refused too.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s --check-prefix=OK
// RUN: env LEAKSCOPE_OPTIONS=exitcode=255 %expect_exit 255 %t 2>&1 | FileCheck %s --check-prefix=OK
// RUN: env LEAKSCOPE_OPTIONS=exitcode=256 %expect_exit 1 %t 2>&1 | FileCheck %s --check-prefix=EXIT256
// RUN: env LEAKSCOPE_OPTIONS=exitcode=-1 %expect_exit 1 %t 2>&1 | FileCheck %s --check-prefix=EXITNEG
// RUN: env LEAKSCOPE_OPTIONS=snapshot_interval_s=-1 %expect_exit 1 %t 2>&1 | FileCheck %s --check-prefix=INTERVAL
// RUN: env LEAKSCOPE_OPTIONS=max_leaks=-5 %expect_exit 1 %t 2>&1 | FileCheck %s --check-prefix=MAXLEAKS
// RUN: env LEAKSCOPE_OPTIONS=verbosity=99999999999 %expect_exit 1 %t 2>&1 | FileCheck %s --check-prefix=HUGE
// RUN: env LEAKSCOPE_OPTIONS=snapshot_signal=11 %expect_exit 1 %t 2>&1 | FileCheck %s --check-prefix=SEGV
// RUN: env LEAKSCOPE_OPTIONS=snapshot_signal=7 %expect_exit 1 %t 2>&1 | FileCheck %s --check-prefix=BUS
// RUN: env LEAKSCOPE_OPTIONS=snapshot_signal=9 %expect_exit 1 %t 2>&1 | FileCheck %s --check-prefix=KILL
// RUN: env LEAKSCOPE_OPTIONS=snapshot_signal=23 %expect_exit 1 %t 2>&1 | FileCheck %s --check-prefix=STOP
// RUN: env LEAKSCOPE_OPTIONS=snapshot_signal=12:stop_signal=12 %expect_exit 1 %t 2>&1 | FileCheck %s --check-prefix=STOP12
// RUN: env LEAKSCOPE_OPTIONS=snapshot_signal=65 %expect_exit 1 %t 2>&1 | FileCheck %s --check-prefix=SIG65
// An allowed other signal still works.
// RUN: env LEAKSCOPE_OPTIONS=snapshot_signal=12 %expect_exit 23 %t 2>&1 | FileCheck %s --check-prefix=OK
#include <stdio.h>
#include <stdlib.h>

void *volatile sink;

int main() {
  puts("main ran");
  fflush(stdout);
  sink = malloc(7);
  sink = nullptr;
  return 0;
}
// OK: main ran
// OK: Direct leak of 7 byte(s)
// EXIT256: LeakScope: exitcode=256 in LEAKSCOPE_OPTIONS is out of range (0..255)
// EXIT256-NOT: main ran
// EXITNEG: LeakScope: exitcode=-1 in LEAKSCOPE_OPTIONS is out of range (0..255)
// INTERVAL: LeakScope: snapshot_interval_s=-1 in LEAKSCOPE_OPTIONS is out of range (0..31536000)
// INTERVAL-NOT: main ran
// MAXLEAKS: LeakScope: max_leaks=-5 in LEAKSCOPE_OPTIONS is out of range (0..2147483647)
// HUGE: LeakScope: bad value '99999999999' for option 'verbosity' in LEAKSCOPE_OPTIONS (expected an integer)
// SEGV: LeakScope: snapshot_signal=11 (Segmentation fault) cannot trigger snapshots: fault, resource-limit and uncatchable signals are refused
// SEGV-NOT: main ran
// BUS: LeakScope: snapshot_signal=7 (Bus error) cannot trigger snapshots
// KILL: LeakScope: snapshot_signal=9 (Killed) cannot trigger snapshots
// STOP: LeakScope: snapshot_signal=23 is also stop_signal; choose another signal
// STOP12: LeakScope: snapshot_signal=12 is also stop_signal; choose another signal
// SIG65: LeakScope: snapshot_signal=65 in LEAKSCOPE_OPTIONS is out of range (0..64)

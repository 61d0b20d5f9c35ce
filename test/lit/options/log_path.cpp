// log_path=PATH writes the report to PATH.PID instead of stderr; the exit code is
// unchanged. log_path=stderr is the default destination. An unopenable path falls
// back to stderr with a one-line warning.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: rm -rf %t.dir && mkdir %t.dir
// RUN: env LEAKSCOPE_OPTIONS=log_path=%t.dir/report %expect_exit 23 %t 2> %t.stderr
// RUN: FileCheck %s --check-prefix=STDERR --allow-empty < %t.stderr
// RUN: ls %t.dir | FileCheck %s --check-prefix=NAME
// RUN: cat %t.dir/report.* | FileCheck %s
// RUN: env LEAKSCOPE_OPTIONS=log_path=stderr %expect_exit 23 %t 2>&1 | FileCheck %s
// RUN: env LEAKSCOPE_OPTIONS=log_path=%t.dir/missing/report %expect_exit 23 %t 2>&1 | FileCheck %s --check-prefix=FALLBACK
#include <stdlib.h>

void *volatile sink;

int main() {
  sink = malloc(64);
  sink = nullptr;
  return 0;
}
// STDERR-NOT: leak
// NAME: {{^report\.[0-9]+$}}
// CHECK: ERROR: LeakScope: detected memory leaks
// CHECK: Direct leak of 64 byte(s) in 1 object(s)
// CHECK: SUMMARY: LeakScope: 64 byte(s) leaked in 1 allocation(s).
// FALLBACK: LeakScope: cannot open log_path '{{.*}}missing/report.{{[0-9]+}}': No such file or directory; reporting to stderr
// FALLBACK: Direct leak of 64 byte(s)

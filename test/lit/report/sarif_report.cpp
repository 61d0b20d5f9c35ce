// sarif_path=PATH writes a SARIF 2.1.0 log to PATH.PID: tool.driver "LeakScope" with
// the direct-leak and indirect-leak rules, one error-level result per record whose
// location is the allocation site (the first frame with a source file outside system
// headers) and whose stack lists every frame. Each check of the process appends a
// run, and the file is a valid log after every check.
// RUN: %clangxx -g -O0 -I%S/../../../include %s -o %t
// RUN: rm -f %t.sarif.*
// RUN: env LEAKSCOPE_OPTIONS=sarif_path=%t.sarif %expect_exit 23 %t 2>&1 | FileCheck %s --check-prefix=TEXT
// RUN: python3 -m json.tool %t.sarif.* > /dev/null
// RUN: %check_report sarif %t.sarif.* | FileCheck %s
// RUN: FileCheck %s --check-prefix=RAW < %t.sarif.*
// One log per run with a suppressed record: suppressed records are not results.
// RUN: rm -f %t.sarif.*
// RUN: echo 'leak:leak_vector' > %t.supp
// RUN: env LEAKSCOPE_OPTIONS=sarif_path=%t.sarif:suppressions=%t.supp %expect_exit 23 %t
// RUN: %check_report sarif %t.sarif.* | FileCheck %s --check-prefix=SUPP
// RUN: rm -f %t.sarif.*
#include <leakscope/leakscope.h>
#include <stdio.h>
#include <stdlib.h>
#include <string>
#include <vector>

void *volatile sink;

__attribute__((noinline)) void leak_vector() {
  // Allocated inside <vector>'s headers: the location skips to this file's frame.
  auto *v = new std::vector<int>(100);
  sink = v->data();
  sink = nullptr;
}

__attribute__((noinline)) void leak_later() { sink = malloc(17); }

int main() {
  leak_vector();
  fprintf(stderr, "first = %d\n", __leakscope_do_recoverable_leak_check());
  leak_later();
  sink = nullptr;
  return 0;
}
// TEXT: first = 1
// TEXT: SUMMARY: LeakScope: 441 byte(s) leaked in 3 allocation(s).

// CHECK: run 0 driver=LeakScope rules=direct-leak,indirect-leak results=2
// CHECK-NEXT: result direct-leak error at sarif_report.cpp:28 frames=3: Direct leak of 24 byte(s) in 1 object(s) allocated in leak_vector() (type {{.*}}vector<int{{.*}}>)
// CHECK-NEXT: result indirect-leak error at sarif_report.cpp:28 frames={{[0-9]+}}: Indirect leak of 400 byte(s) in 1 object(s) allocated in leak_vector()
// CHECK-NEXT: run 1 driver=LeakScope rules=direct-leak,indirect-leak results=3
// CHECK-NEXT: result direct-leak error at sarif_report.cpp:28
// CHECK-NEXT: result direct-leak error at sarif_report.cpp:33 frames=3: Direct leak of 17 byte(s) in 1 object(s) allocated in leak_later()
// CHECK-NEXT: result indirect-leak error at sarif_report.cpp:28

// RAW: {"version":"2.1.0","$schema":"https://json.schemastore.org/sarif-2.1.0.json","runs":[{"tool":{"driver":{"name":"LeakScope","rules":[{"id":"direct-leak",
// RAW-SAME: "level":"error"
// RAW-SAME: "artifactLocation":{"uri":"file:///{{.*}}sarif_report.cpp"},"region":{"startLine":28,"startColumn":

// SUPP: run 0 driver=LeakScope rules=direct-leak,indirect-leak results=0
// SUPP-NEXT: run 1 driver=LeakScope rules=direct-leak,indirect-leak results=1
// SUPP-NEXT: result direct-leak error at sarif_report.cpp:33

// __leakscope_do_delta_leak_check reports only records that are new or grew since the
// previous delta check (measured against its size at that check), and returns 1 when
// it reported any. The exit check reports everything.
// RUN: %clangxx -g -O0 -I%S/../../../include %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s
// Each check appends to the JSON file, with its mode and only the records it reported:
// RUN: rm -f %t.json.*
// RUN: env LEAKSCOPE_OPTIONS=json_path=%t.json %expect_exit 23 %t 2>/dev/null
// RUN: %check_report json %t.json.* | FileCheck %s --check-prefix=JSON
// RUN: rm -f %t.json.*
#include <leakscope/leakscope.h>
#include <stdio.h>
#include <stdlib.h>

void *volatile sink;

__attribute__((noinline)) void leak_a() { sink = malloc(100); }
__attribute__((noinline)) void leak_b() { sink = malloc(7); }

int main() {
  // One call site per record: a stack that differs in main's frame is another record.
  for (int round = 1; round <= 4; round++) {
    if (round == 1 || round == 4) leak_a();
    if (round == 3) leak_b();
    sink = nullptr;
    fprintf(stderr, "delta %d = %d\n", round, __leakscope_do_delta_leak_check());
  }
  return 0;
}
// CHECK: Direct leak of 100 byte(s) in 1 object(s)
// CHECK: SUMMARY: LeakScope: 100 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: delta 1 = 1
// CHECK-NEXT: delta 2 = 0
// CHECK-EMPTY:
// CHECK-NEXT: =====
// CHECK-NEXT: ERROR: LeakScope: detected memory leaks
// CHECK-EMPTY:
// CHECK-NEXT: Direct leak of 7 byte(s) in 1 object(s)
// CHECK-NOT: leak of 100
// CHECK: SUMMARY: LeakScope: 7 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: delta 3 = 1
// CHECK: Direct leak of 200 byte(s) in 2 object(s)
// CHECK-NOT: leak of 7
// CHECK: SUMMARY: LeakScope: 200 byte(s) leaked in 2 allocation(s).
// CHECK-NEXT: delta 4 = 1
// At exit, everything:
// CHECK: Direct leak of 200 byte(s) in 2 object(s)
// CHECK: Direct leak of 7 byte(s) in 1 object(s)
// CHECK: SUMMARY: LeakScope: 207 byte(s) leaked in 3 allocation(s).

// JSON: leak check=1 direct bytes=100 objects=1
// JSON-NEXT: summary check=1 mode=delta bytes=100 objects=1 records=1
// JSON-NEXT: summary check=2 mode=delta bytes=0 objects=0 records=0
// JSON-NEXT: leak check=3 direct bytes=7 objects=1
// JSON-NEXT: summary check=3 mode=delta bytes=7 objects=1 records=1
// JSON-NEXT: leak check=4 direct bytes=200 objects=2
// JSON-NEXT: summary check=4 mode=delta bytes=200 objects=2 records=1
// JSON-NEXT: leak check=5 direct bytes=200 objects=2
// JSON-NEXT: leak check=5 direct bytes=7 objects=1
// JSON-NEXT: summary check=5 mode=exit bytes=207 objects=3 records=2

// max_leaks=N prints the N largest records and says how many more there are (the
// summary still counts everything); report_objects=1 lists each leaked object.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: env LEAKSCOPE_OPTIONS=max_leaks=2 %expect_exit 23 %t 2>&1 | FileCheck %s --check-prefix=MAX
// RUN: env LEAKSCOPE_OPTIONS=report_objects=1 %expect_exit 23 %t 2>&1 | FileCheck %s --check-prefix=OBJECTS
#include <stdio.h>
#include <stdlib.h>

void *volatile sink;

__attribute__((noinline)) void leak_a() { sink = malloc(300); }
__attribute__((noinline)) void leak_b() { sink = malloc(200); }
__attribute__((noinline)) void leak_c() {
  for (int i = 0; i < 2; i++) {
    sink = malloc(50);
    fprintf(stderr, "c object %p\n", (void *)sink);
  }
}

int main() {
  leak_a();
  leak_b();
  leak_c();
  sink = nullptr;
  return 0;
}
// MAX: Direct leak of 300 byte(s) in 1 object(s)
// MAX: Direct leak of 200 byte(s) in 1 object(s)
// MAX-NOT: Direct leak of 100 byte(s)
// MAX: The 2 top leak(s) are shown (max_leaks=2); 1 more are not.
// MAX: SUMMARY: LeakScope: 600 byte(s) leaked in 4 allocation(s).

// OBJECTS: c object [[A:0x[0-9a-f]+]]
// OBJECTS: c object [[B:0x[0-9a-f]+]]
// Each record lists exactly its own objects:
// OBJECTS: Direct leak of 300 byte(s) in 1 object(s)
// OBJECTS: objects leaked above:
// OBJECTS-NEXT: 0x{{[0-9a-f]+}} (300 bytes)
// OBJECTS-EMPTY:
// OBJECTS-NEXT: Direct leak of 200 byte(s) in 1 object(s)
// OBJECTS: objects leaked above:
// OBJECTS-NEXT: 0x{{[0-9a-f]+}} (200 bytes)
// OBJECTS-EMPTY:
// OBJECTS-NEXT: Direct leak of 100 byte(s) in 2 object(s)
// OBJECTS: objects leaked above:
// OBJECTS-DAG: [[A]] (50 bytes)
// OBJECTS-DAG: [[B]] (50 bytes)
// OBJECTS-NOT: bytes)
// OBJECTS: SUMMARY: LeakScope: 600 byte(s) leaked in 4 allocation(s).

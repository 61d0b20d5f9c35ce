// Pointers held in initialised globals (.data), zero-initialised globals (.bss) and a
// global the program writes but never reads (kept at -O2 because it has external
// linkage) are roots: none of their blocks is reported. The control block, reachable
// from nowhere, is, so the check did run.
// RUN: %clangxx -g -O2 %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s
#include <stdlib.h>

void *in_data = (void *)1;  // .data
void *in_bss;               // .bss
void *written_never_read;   // stored at -O2, loaded by nobody
void *volatile sink;

int main() {
  in_data = malloc(1001);
  in_bss = malloc(1002);
  written_never_read = malloc(1003);
  sink = malloc(1004);
  sink = nullptr;
  return 0;
}
// CHECK-NOT: leak of 100{{[123]}} byte
// CHECK: Direct leak of 1004 byte(s) in 1 object(s) allocated from:
// CHECK-NOT: leak of 100{{[123]}} byte
// CHECK: SUMMARY: LeakScope: 1004 byte(s) leaked in 1 allocation(s).

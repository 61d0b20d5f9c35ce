// A leaked malloc(0) block counts as one byte, as in LeakSanitizer.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s
#include <stdlib.h>

void *volatile sink;

int main() {
  sink = malloc(0);
  sink = nullptr;
  return 0;
}
// CHECK: Direct leak of 1 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 {{.*}} in malloc
// CHECK: SUMMARY: LeakScope: 1 byte(s) leaked in 1 allocation(s).

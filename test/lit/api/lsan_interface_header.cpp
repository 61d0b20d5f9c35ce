// Code annotated for LeakSanitizer builds and works unchanged with clang's own
// <sanitizer/lsan_interface.h> (shipped with clang 19 here, not with clang 22).
// REQUIRES: llvm-19
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s
#include <sanitizer/lsan_interface.h>
#include <stdio.h>
#include <stdlib.h>

void *volatile sink;

int main() {
  {
    __lsan::ScopedDisabler d;
    sink = malloc(201);  // not reported
  }
  void *ignored = malloc(202);
  __lsan_ignore_object(ignored);
  ignored = nullptr;
  sink = malloc(203);
  sink = nullptr;
  printf("recoverable: %d\n", __lsan_do_recoverable_leak_check());
  fflush(stdout);
  __lsan_do_leak_check();
  puts("not reached");
  return 0;
}
// CHECK: Direct leak of 203 byte(s) in 1 object(s)
// CHECK: recoverable: 1
// CHECK: Direct leak of 203 byte(s) in 1 object(s)
// CHECK-NOT: leak of 20{{[12]}}
// CHECK-NOT: not reached

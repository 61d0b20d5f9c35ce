// A block reachable only from a live stack frame is not a leak: exit() is called while
// main's frame still holds the pointer.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %t 2>&1 | FileCheck %s --allow-empty
#include <stdlib.h>

int main() {
  void *volatile on_stack = malloc(1234);
  (void)on_stack;
  exit(0);
}
// CHECK-NOT: leak

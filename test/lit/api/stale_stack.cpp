// An explicit check right after a call that dropped its only pointer to a block still
// finds the leak: the dead stack the callee left behind (where the runtime's own
// frames are laid out next) is cleared before the checking thread's stack is scanned.
// RUN: %clangxx -g -O0 -I%S/../../../include %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s
#include <leakscope/leakscope.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((noinline)) void drop(int n) {
  // Several locals holding the pointer, at different depths of this frame.
  char *p = (char *)malloc(4321);
  char *copies[32];
  for (int i = 0; i < 32; i++) copies[i] = p + i;
  memset(p, 0, 4321);
  if (n > 0) drop(n - 1);
}

int main() {
  drop(3);
  int found = __leakscope_do_recoverable_leak_check();
  fprintf(stderr, "found = %d\n", found);
  return 0;
}
// CHECK-COUNT-4: Direct leak of 4321 byte(s) in 1 object(s)
// CHECK: found = 1

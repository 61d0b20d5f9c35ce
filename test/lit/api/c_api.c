/* The public header is plain C: a C program uses the API and links the runtime
 * without libstdc++. */
// RUN: %clang -g -O0 -I%S/../../../include %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s
#include <leakscope/leakscope.h>
#include <stdio.h>
#include <stdlib.h>

void *volatile sink;

int main(void) {
  __leakscope_disable();
  sink = malloc(5);
  __leakscope_enable();
  sink = malloc(6);
  sink = NULL;
  fprintf(stderr, "recoverable = %d\n", __leakscope_do_recoverable_leak_check());
  return 0;
}
// CHECK: Direct leak of 6 byte(s) in 1 object(s)
// CHECK: recoverable = 1
// CHECK-NOT: leak of 5

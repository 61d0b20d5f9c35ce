// A program that frees everything: no report, its own exit status. Without options it
// prints nothing at all; with verbosity=1 the check shows it ran, over a heap that
// held the vector's strings, and found nothing.
// RUN: %clangxx -g -O2 %s -o %t
// RUN: %expect_exit 7 %t > %t.out 2> %t.err
// RUN: count 0 < %t.err
// RUN: FileCheck --check-prefix=OUT %s < %t.out
// RUN: env LEAKSCOPE_OPTIONS=verbosity=1 %expect_exit 7 %t 2>&1 | FileCheck %s
#include <stdio.h>
#include <stdlib.h>
#include <string>
#include <vector>

int main() {
  std::vector<std::string> v;
  for (int i = 0; i < 1000; i++) v.push_back(std::string(100, 'x'));
  printf("%zu strings\n", v.size());
  void *p = malloc(100);
  free(p);
  int *a = new int[10];
  delete[] a;
  return 7;
}
// OUT: 1000 strings
// CHECK-NOT: {{(Direct|Indirect) leak of|SUMMARY}}
// CHECK: LeakScope: leak check 1 (exit): 0 record(s), 0 byte(s) in 0 object(s) leaked
// CHECK-NOT: {{(Direct|Indirect) leak of|SUMMARY}}

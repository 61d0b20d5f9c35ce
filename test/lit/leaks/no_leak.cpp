// A program that frees everything: no report, its own exit status.
// RUN: %clangxx -g -O2 %s -o %t
// RUN: %expect_exit 7 %t 2>&1 | FileCheck %s --allow-empty
#include <stdlib.h>
#include <string>
#include <vector>

int main() {
  std::vector<std::string> v;
  for (int i = 0; i < 1000; i++) v.push_back(std::string(100, 'x'));
  void *p = malloc(100);
  free(p);
  int *a = new int[10];
  delete[] a;
  return 7;
}
// CHECK-NOT: LeakScope

// Blocks reachable from globals (.data and .bss) are not leaks.
// RUN: %clangxx -g -O2 %s -o %t
// RUN: %t 2>&1 | FileCheck %s --allow-empty
#include <stdlib.h>

struct Holder {
  void *p;
};
Holder in_bss;
Holder in_data = {(void *)&in_bss};

int main() {
  in_bss.p = malloc(100);
  in_data.p = malloc(200);
  return 0;
}
// CHECK-NOT: leak

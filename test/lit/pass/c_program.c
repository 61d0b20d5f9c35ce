// A C program: sites, type names from the variable a malloc result is kept in (-g),
// write epochs, and the leak report all work through leakscope-clang.
// RUN: %clang -g -O0 %s -o %t0 && %expect_exit 23 %t0 2>&1 | FileCheck %s
// RUN: %clang -g -O1 %s -o %t1 && %expect_exit 23 %t1 2>&1 | FileCheck %s
// RUN: %clang -g -O2 %s -o %t2 && %expect_exit 23 %t2 2>&1 | FileCheck %s
// RUN: %clang -g -O3 %s -o %t3 && %expect_exit 23 %t3 2>&1 | FileCheck %s
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

unsigned __leakscope_epoch_advance(void);
unsigned __leakscope_last_write_epoch(const void *p);

struct Item {
  int id;
  char name[28];
};

struct Item *volatile keep;

int main(void) {
  struct Item *item = malloc(sizeof *item);
  __leakscope_epoch_advance();
  __leakscope_epoch_advance();
  item->id = 1;
  strcpy(item->name, "x");
  keep = item;
  fprintf(stderr, "epoch %u\n", __leakscope_last_write_epoch(keep));
  keep = NULL;
  return 0;
}
// CHECK: epoch 2
// CHECK: Direct leak of 32 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: type: Item
// CHECK: in main {{.*}}c_program.c:22:23

// __lsan_ignore_object / __leakscope_ignore_object: the object and everything reachable
// only through it are never reported; other leaks still are. Any pointer into the
// block names it (as in LeakSanitizer). A pointer outside the heap gets a one-line
// warning and changes nothing.
// RUN: %clangxx -g -O0 -I%S/../../../include %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s
#include <leakscope/leakscope.h>
#include <stdlib.h>

#include "Inputs/lsan_api.h"

struct Node {
  Node *next;
  long payload[5];
};

void *volatile sink;
int not_heap;

__attribute__((noinline)) Node *list(int n) {
  Node *head = nullptr;
  for (int i = 0; i < n; i++) head = new Node{head, {}};
  return head;
}

int main() {
  Node *a = list(3);  // 3 x 48 bytes, ignored with LeakSanitizer's name
  __lsan_ignore_object(a);
  Node *b = list(2);  // 2 x 48 bytes, ignored with LeakScope's name, by an interior pointer
  __leakscope_ignore_object(&b->payload[2]);
  sink = malloc(77);  // reported
  __lsan_ignore_object(&not_heap);
  a = b = nullptr;
  sink = nullptr;
  return 0;
}
// CHECK: LeakScope: __lsan_ignore_object([[ADDR:0x[0-9a-f]+]]): not a pointer into an allocated heap block
// CHECK: Direct leak of 77 byte(s) in 1 object(s)
// CHECK-NOT: leak of {{[0-9]+}} byte(s) in {{[0-9]+}} object(s)
// CHECK: SUMMARY: LeakScope: 77 byte(s) leaked in 1 allocation(s).

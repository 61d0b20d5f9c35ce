// Suppressing a leak suppresses what only it holds, as in LeakSanitizer: the nodes a
// suppressed leak points to are not reported as indirect leaks without their direct
// one. Nodes from the same allocation site held by an unsuppressed leak still are.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: echo 'leak:known_leak' > %t.supp
// RUN: env LEAKSCOPE_OPTIONS=suppressions=%t.supp %expect_exit 23 %t 2>&1 | FileCheck %s
// CHECK: Direct leak of 64 byte(s) in 1 object(s)
// CHECK: real_leak
// CHECK-COUNT-2: Indirect leak of 48 byte(s) in 1 object(s)
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakScope: 160 byte(s) leaked in 3 allocation(s).
// report_objects lists the objects of what is left:
// RUN: env LEAKSCOPE_OPTIONS=suppressions=%t.supp:report_objects=1 %expect_exit 23 %t 2>&1 | FileCheck %s
// With the real leak gone too, nothing is reported and the program exits 0:
// RUN: env LEAKSCOPE_OPTIONS=suppressions=%t.supp %expect_exit 0 %t only-known 2>&1 | FileCheck %s --check-prefix=ONLY
// ONLY-NOT: leak of
// ONLY: Suppressions used:
// Without the suppression, everything (positive control): the two holders and the
// five nodes (one record per distinct stack).
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s --check-prefix=ALL
// ALL-DAG: Direct leak of 100 byte(s) in 1 object(s)
// ALL-DAG: Direct leak of 64 byte(s) in 1 object(s)
// ALL: SUMMARY: LeakScope: 404 byte(s) leaked in 7 allocation(s).
#include <stdlib.h>
#include <string.h>

struct Node {
  Node *next;
  char payload[40];
};

__attribute__((noinline)) Node *make_node(Node *next) {
  Node *n = (Node *)malloc(sizeof(Node));
  memset(n, 0, sizeof(Node));
  n->next = next;
  return n;
}

void *volatile sink;

__attribute__((noinline)) void known_leak() {
  void **holder = (void **)malloc(100);
  holder[0] = make_node(make_node(make_node(nullptr)));
  sink = holder;
}

__attribute__((noinline)) void real_leak() {
  void **holder = (void **)malloc(64);
  holder[0] = make_node(make_node(nullptr));
  sink = holder;
}

int main(int argc, char **argv) {
  known_leak();
  if (argc < 2) real_leak();
  sink = nullptr;
  return 0;
}

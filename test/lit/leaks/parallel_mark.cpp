// The parallel flood fill finds the same reachable set as the serial one: a forest of
// 2,000 trees (300k nodes) hangs off one global array, one tree in ten is cut loose.
// RUN: %clangxx -g -O2 %s -o %t
// RUN: env LEAKSCOPE_OPTIONS=mark_threads=1 %expect_exit 23 %t 2>&1 | FileCheck %s
// RUN: env LEAKSCOPE_OPTIONS=mark_threads=4 %expect_exit 23 %t 2>&1 | FileCheck %s
#include <stdio.h>
#include <stdlib.h>

struct Node {
  Node *kids[3];
  long pad;
};

static Node *Tree(int n, unsigned *seed) {
  if (n <= 0) return nullptr;
  Node *t = new Node{};
  int left = n - 1;
  for (int k = 0; k < 3 && left > 0; k++) {
    *seed = *seed * 1103515245 + 12345;
    int take = k == 2 ? left : (int)(*seed % (left + 1));
    t->kids[k] = Tree(take, seed);
    left -= take;
  }
  return t;
}

Node *volatile *g_forest;

int main() {
  const int kTrees = 2000, kNodes = 150;
  g_forest = (Node **)malloc(sizeof(Node *) * kTrees);
  unsigned seed = 1;
  for (int i = 0; i < kTrees; i++) g_forest[i] = Tree(kNodes, &seed);
  for (int i = 0; i < kTrees; i += 10) g_forest[i] = nullptr;
  // Recursion gives each depth its own stack, so indirect leaks come in several records.
  fprintf(stderr, "expect %d direct, %d in all, %zu bytes\n", kTrees / 10, kTrees / 10 * kNodes,
          kTrees / 10 * kNodes * sizeof(Node));
  return 0;
}
// CHECK: expect [[D:[0-9]+]] direct, [[N:[0-9]+]] in all, [[B:[0-9]+]] bytes
// CHECK: Direct leak of {{[0-9]+}} byte(s) in [[D]] object(s)
// CHECK: Indirect leak of
// CHECK: SUMMARY: LeakScope: [[B]] byte(s) leaked in [[N]] allocation(s).

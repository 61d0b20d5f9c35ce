// A subtree cut off a reachable tree: its root is a direct leak, the nodes below it
// are indirect leaks, and the part still hanging off the global is not reported.
// Every node comes from one call site, so the nodes share one allocation stack.
// RUN: %clangxx -g -O1 %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s
struct Tree {
  Tree *left, *right;
  long value;
  long pad;
};

Tree *root;

__attribute__((noinline)) Tree *node(long v) { return new Tree{nullptr, nullptr, v, 0}; }

// A complete binary tree of 15 nodes, built level by level.
__attribute__((noinline)) Tree *build() {
  Tree *nodes[15];
  for (int i = 0; i < 15; i++) nodes[i] = node(i);
  for (int i = 0; i < 7; i++) {
    nodes[i]->left = nodes[2 * i + 1];
    nodes[i]->right = nodes[2 * i + 2];
  }
  return nodes[0];
}

int main() {
  root = build();
  root->left = nullptr;  // drops a subtree of 7 nodes: 1 direct, 6 indirect
  return 0;
}
// CHECK: Direct leak of 32 byte(s) in 1 object(s) allocated from:
// CHECK: in node(long) {{.*}}lost_subtree.cpp:14
// CHECK: Indirect leak of 192 byte(s) in 6 object(s) allocated from:
// CHECK: in node(long) {{.*}}lost_subtree.cpp:14
// CHECK: SUMMARY: LeakScope: 224 byte(s) leaked in 7 allocation(s).

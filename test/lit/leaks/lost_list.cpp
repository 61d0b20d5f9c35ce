// A linked list whose head is lost: the head is a direct leak, the other nodes are
// indirect leaks (reachable only through leaked memory). Direct comes first.
// RUN: %clangxx -g -O1 %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s
struct Node {
  Node *next;
  long payload[3];
};

Node *volatile head;

__attribute__((noinline)) Node *make_list(int n) {
  Node *h = nullptr;
  for (int i = 0; i < n; i++) h = new Node{h, {i, i, i}};
  return h;
}

int main() {
  head = make_list(5);
  head = nullptr;
  return 0;
}
// CHECK: Direct leak of 32 byte(s) in 1 object(s) allocated from:
// CHECK: in make_list(int) {{.*}}lost_list.cpp:14
// CHECK: Indirect leak of 128 byte(s) in 4 object(s) allocated from:
// CHECK: in make_list(int) {{.*}}lost_list.cpp:14
// CHECK: SUMMARY: LeakScope: 160 byte(s) leaked in 5 allocation(s).

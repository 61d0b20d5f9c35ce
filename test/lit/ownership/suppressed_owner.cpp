// Ownership with a suppressed owner: two heads share one node. The suppressed head and
// everything it reaches, the shared node included, are suppressed with it (as in
// LeakSanitizer); the other head's holds line still counts its own two nodes and the
// shared one (freeing it alone would not free that node), and its nodes name it.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: echo "leak:make_secret" > %t.supp
// RUN: env LEAKSCOPE_OPTIONS=suppressions=%t.supp %expect_exit 23 %t 2>&1 | FileCheck %s
struct Node {
  Node *next;
  Node *shared;
};

Node *volatile sink;

__attribute__((noinline)) Node *node(Node *next) { return new Node{next, nullptr}; }

__attribute__((noinline)) Node *make_secret(Node *shared) {
  Node *n = node(node(node(nullptr)));
  return new Node{n, shared};
}

__attribute__((noinline)) Node *make_public(Node *shared) {
  Node *n = node(node(nullptr));
  return new Node{n, shared};
}

int main() {
  Node *shared = node(nullptr);
  sink = make_secret(shared);
  sink = make_public(shared);
  shared = nullptr;
  sink = nullptr;
  return 0;
}
// CHECK-NOT: make_secret(Node*) {{.*}}suppressed_owner.cpp:19
// CHECK: Direct leak of 16 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: type: Node
// CHECK-NEXT: holds 48 byte(s) in 3 indirectly leaked object(s)
// CHECK-NEXT: #0
// CHECK: in make_public(Node*) {{.*}}suppressed_owner.cpp:24
// CHECK: Indirect leak of 16 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: type: Node
// CHECK-NEXT: held by: direct leak at make_public(Node*) {{.*}}suppressed_owner.cpp:24{{$}}
// CHECK-NOT: suppressed_owner.cpp:28
// CHECK: Suppressions used:
// CHECK: SUMMARY: LeakScope: 48 byte(s) leaked in 3 allocation(s).
// JSON: leak check=1 direct bytes=16 objects=1 type=Node site=suppressed_owner.cpp:24 frames={{[0-9]+}} holds=48/3{{$}}
// JSON-NEXT: leak check=1 indirect bytes=16 objects=1 type=Node site=suppressed_owner.cpp:15 frames={{[0-9]+}} held_by=make_public(Node*)@suppressed_owner.cpp:24{{$}}
// JSON-NEXT: leak check=1 indirect bytes=16 objects=1 type=Node site=suppressed_owner.cpp:15 frames={{[0-9]+}} held_by=make_public(Node*)@suppressed_owner.cpp:24{{$}}
// JSON-NEXT: summary

// The machine-readable reports (RUN lines here keep the source lines above stable):
// RUN: rm -f %t.json.*
// RUN: env LEAKSCOPE_OPTIONS=suppressions=%t.supp:json_path=%t.json %expect_exit 23 %t 2>/dev/null
// RUN: %check_report json %t.json.* | FileCheck %s --check-prefix=JSON

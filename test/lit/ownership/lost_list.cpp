// Leak ownership on a lost list: the head (a direct leak) holds the 9 nodes behind it,
// 9 x 16 = 144 bytes, and the nodes' record names the head's site as their holder.
// A second list, from another site, shows each record counts only what it reaches.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s
// A run without leaks prints no ownership line (and the check finds nothing):
// RUN: %expect_exit 0 %t clean 2>&1 | FileCheck %s --check-prefix=CLEAN --allow-empty
#include <string.h>

struct Node {
  Node *next;
  long value;
};

Node *volatile head;

__attribute__((noinline)) Node *make_node(Node *next, long v) { return new Node{next, v}; }

__attribute__((noinline)) Node *make_list(int n) {
  Node *h = nullptr;
  for (int i = 0; i < n; i++) h = make_node(h, i);
  return new Node{h, -1};  // the head, from its own site
}

__attribute__((noinline)) Node *make_pair_list() {
  Node *tail = (Node *)__builtin_malloc(sizeof(Node));
  tail->next = nullptr;
  Node *h = (Node *)__builtin_malloc(sizeof(Node));
  h->next = tail;
  return h;
}

int main(int argc, char **argv) {
  head = make_list(9);
  if (argc > 1 && !strcmp(argv[1], "clean")) return 0;
  head = make_pair_list();
  head = nullptr;
  return 0;
}
// CHECK: Direct leak of 16 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: type: Node
// CHECK-NEXT: holds 144 byte(s) in 9 indirectly leaked object(s)
// CHECK-NEXT: #0
// CHECK: in make_list(int) {{.*}}lost_list.cpp:22
// CHECK: Direct leak of 16 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: type: Node
// CHECK-NEXT: holds 16 byte(s) in 1 indirectly leaked object(s)
// CHECK-NEXT: #0
// CHECK: Indirect leak of 144 byte(s) in 9 object(s) allocated from:
// CHECK-NEXT: type: Node
// CHECK-NEXT: held by: direct leak at make_list(int) {{.*}}lost_list.cpp:22{{$}}
// CHECK-NEXT: #0
// CHECK: in make_node(Node*, long) {{.*}}lost_list.cpp:17
// CHECK: Indirect leak of 16 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: type: Node
// CHECK-NEXT: held by: direct leak at make_pair_list() {{.*}}lost_list.cpp:28{{$}}
// CHECK: SUMMARY: LeakScope: 192 byte(s) leaked in 12 allocation(s).
// CLEAN-NOT: holds
// CLEAN-NOT: leak
// JSON: leak check=1 direct bytes=16 objects=1 type=Node site=lost_list.cpp:22 frames={{[0-9]+}} holds=144/9{{$}}
// JSON-NEXT: leak check=1 direct bytes=16 objects=1 type=Node site=lost_list.cpp:28 frames={{[0-9]+}} holds=16/1{{$}}
// JSON-NEXT: leak check=1 indirect bytes=144 objects=9 type=Node site=lost_list.cpp:17 frames={{[0-9]+}} held_by=make_list(int)@lost_list.cpp:22{{$}}
// JSON-NEXT: leak check=1 indirect bytes=16 objects=1 type=Node site=lost_list.cpp:26 frames={{[0-9]+}} held_by=make_pair_list()@lost_list.cpp:28{{$}}
// SARIF: "properties":{"bytes":16,"objects":1,"type":"Node","holds":{"bytes":144,"objects":9}}
// SARIF: "properties":{"bytes":144,"objects":9,"type":"Node","heldBy":[{"function":"make_list(int)","file":"{{.*}}lost_list.cpp","line":22}]}

// The machine-readable reports (RUN lines here keep the source lines above stable):
// JSON Lines and SARIF carry the same facts as fields:
// RUN: rm -f %t.json.* %t.sarif.*
// RUN: env LEAKSCOPE_OPTIONS=json_path=%t.json:sarif_path=%t.sarif %expect_exit 23 %t 2>/dev/null
// RUN: %check_report json %t.json.* | FileCheck %s --check-prefix=JSON
// RUN: %check_report sarif %t.sarif.* > /dev/null
// RUN: FileCheck %s --check-prefix=SARIF < %t.sarif.*

// A leaked `new Node` is reported with `type: Node` (from !heapallocsite, -g) and its
// source position, at every optimisation level, with -flto (the pass runs in the
// pre-link compile) and with ThinLTO.
// RUN: %clangxx -g -O0 %s -o %t0 && %expect_exit 23 %t0 2>&1 | FileCheck %s
// RUN: %clangxx -g -O1 %s -o %t1 && %expect_exit 23 %t1 2>&1 | FileCheck %s
// RUN: %clangxx -g -O2 %s -o %t2 && %expect_exit 23 %t2 2>&1 | FileCheck %s
// RUN: %clangxx -g -O3 %s -o %t3 && %expect_exit 23 %t3 2>&1 | FileCheck %s
// RUN: %clangxx -g -O2 -flto --ld-path=/usr/lib/llvm-%llvm_major/bin/ld.lld %s -o %tl && %expect_exit 23 %tl 2>&1 | FileCheck %s
// RUN: %clangxx -g -O2 -flto=thin --ld-path=/usr/lib/llvm-%llvm_major/bin/ld.lld %s -o %tt && %expect_exit 23 %tt 2>&1 | FileCheck %s
// The link-time pipeline may load the plugin too: the marker keeps it from running twice.
// RUN: %clangxx -g -O2 -flto --ld-path=/usr/lib/llvm-%llvm_major/bin/ld.lld -Wl,--load-pass-plugin=%plugin %s -o %tp && %expect_exit 23 %tp 2>&1 | FileCheck %s
struct Node {
  int value;
  Node *next;
};

Node *volatile sink;

__attribute__((noinline)) void leak() {
  sink = new Node;
  sink->value = 1;
  sink = nullptr;
}

int main() {
  leak();
  return 0;
}
// CHECK: Direct leak of 16 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: type: Node
// CHECK: in leak() {{.*}}type_new.cpp:20:10
// CHECK: SUMMARY: LeakScope: 16 byte(s) leaked in 1 allocation(s).

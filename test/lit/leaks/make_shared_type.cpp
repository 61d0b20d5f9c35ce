// std::make_shared<T> allocates libstdc++'s control block with the T inside
// (std::_Sp_counted_ptr_inplace<T, ...>); the `type` line names T, the user's type,
// for both allocations of a lost cycle, at every optimisation level and without -g.
// Before, one was labelled _Sp_counted_ptr_inplace<CycleNode, ...> and the other
// _Sp_counted_base<...>, or neither had a type.
// RUN: %clangxx -g -O0 %s -o %t0 && %expect_exit 23 %t0 2>&1 | FileCheck %s
// RUN: %clangxx -g -O1 %s -o %t1 && %expect_exit 23 %t1 2>&1 | FileCheck %s
// RUN: %clangxx -g -O2 %s -o %t2 && %expect_exit 23 %t2 2>&1 | FileCheck %s
// RUN: %clangxx -O0 %s -o %t3 && %expect_exit 23 %t3 2>&1 | FileCheck %s
// A plain new of another type keeps its own label (control).
// CHECK-NOT: type: {{.*}}_Sp_counted
// CHECK-DAG: type: CycleNode
// CHECK-DAG: type: CycleNode
// CHECK-DAG: type: Plain
// CHECK-NOT: type: {{.*}}_Sp_counted
// CHECK: SUMMARY: LeakScope: {{[0-9]+}} byte(s) leaked in 3 allocation(s).
#include <memory>

struct CycleNode {
  std::shared_ptr<CycleNode> next;
  long payload[4];
};
struct Plain {
  long a, b;
  Plain() : a(1), b(2) {}
};
Plain *volatile sink;

__attribute__((noinline)) void MakeCycle() {
  auto a = std::make_shared<CycleNode>();
  auto b = std::make_shared<CycleNode>();
  a->next = b;
  b->next = a;  // a lost cycle once both shared_ptrs go
}

int main() {
  MakeCycle();
  sink = new Plain();
  sink = nullptr;
  return 0;
}

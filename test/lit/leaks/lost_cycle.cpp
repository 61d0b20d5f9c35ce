// Two blocks that point to each other and to nothing else: each is reachable from the
// other, so neither is a direct leak; the whole cycle is reported as indirect leaks
// (LeakSanitizer's classification), and the program still fails.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s
struct Ring {
  Ring *next;
  long pad[3];
};

Ring *volatile head;

__attribute__((noinline)) void make_cycle() {
  Ring *a = new Ring{};
  Ring *b = new Ring{};
  a->next = b;
  b->next = a;
  head = a;
}

int main() {
  make_cycle();
  head = nullptr;
  return 0;
}
// CHECK-NOT: Direct leak
// CHECK: Indirect leak of 32 byte(s) in 1 object(s) allocated from:
// CHECK: lost_cycle.cpp:14
// CHECK: Indirect leak of 32 byte(s) in 1 object(s) allocated from:
// CHECK: lost_cycle.cpp:15
// CHECK: SUMMARY: LeakScope: 64 byte(s) leaked in 2 allocation(s).

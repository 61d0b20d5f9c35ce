// A block whose only pointer is inside itself is unreachable: a direct leak.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s
struct Self {
  Self *me;
  long pad[5];
};

Self *volatile sink;

int main() {
  Self *s = new Self{};
  s->me = s;
  sink = s;
  sink = nullptr;
  s = nullptr;
  return 0;
}
// CHECK: Direct leak of 48 byte(s) in 1 object(s) allocated from:
// CHECK: SUMMARY: LeakScope: 48 byte(s) leaked in 1 allocation(s).

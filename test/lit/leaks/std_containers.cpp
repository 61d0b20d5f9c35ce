// A lost object that owns a std::string, a std::vector and a std::map: the object is a
// direct leak; the containers' heap storage, allocated inside the standard library,
// is reported as indirect leaks with the user's frames further down the stack.
// The map lives in its own heap block because its nodes point back to the map's
// header: a map embedded in the object would make the object part of a cycle, and a
// lost cycle is all-indirect (as in LeakSanitizer).
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s
#include <map>
#include <string>
#include <vector>

struct Holder {
  std::string name;
  std::vector<long> values;
  std::map<int, int> *index;
};

Holder *volatile sink;
// 100 characters. (string::assign would allocate inside libstdc++.so, which has no
// frame pointers, and the stack would end there.)
const char kText[] = "0123456789012345678901234567890123456789012345678901234567890123456789"
                     "012345678901234567890123456789";

__attribute__((noinline)) void fill(Holder *h) {
  h->name = std::string(kText);  // a template constructor, instantiated here
  for (int i = 0; i < 10; i++) h->values.push_back(i);
  h->index = new std::map<int, int>;
  for (int i = 0; i < 3; i++) (*h->index)[i] = i;
}

int main() {
  Holder *h = new Holder;
  fill(h);
  sink = h;
  sink = nullptr;
  h = nullptr;
  return 0;
}
// CHECK: Direct leak of {{[0-9]+}} byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: type: Holder
// CHECK: in main {{.*}}std_containers.cpp:33
// CHECK-NOT: Direct leak
// The string's 101 bytes, the vector's 16 longs, the map and its 3 nodes:
// CHECK-DAG: Indirect leak of 101 byte(s) in 1 object(s)
// CHECK-DAG: Indirect leak of 128 byte(s) in 1 object(s)
// CHECK-DAG: Indirect leak of 48 byte(s) in 1 object(s)
// CHECK-DAG: Indirect leak of 120 byte(s) in 3 object(s)
// CHECK-DAG: in fill(Holder*) {{.*}}std_containers.cpp:26
// CHECK-DAG: in fill(Holder*) {{.*}}std_containers.cpp:27
// CHECK-DAG: in fill(Holder*) {{.*}}std_containers.cpp:28
// CHECK-DAG: in fill(Holder*) {{.*}}std_containers.cpp:29
// CHECK: SUMMARY: LeakScope: {{[0-9]+}} byte(s) leaked in 7 allocation(s).

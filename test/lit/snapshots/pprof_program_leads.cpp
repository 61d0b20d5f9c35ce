// go tool pprof -top puts the program's functions in the flat column, never the
// allocator plumbing between them and the allocation (operator new, std::allocator,
// std::__new_allocator, _M_create, allocate_shared, a vector or map growing): the
// snapshot's drop_frames field names that plumbing, and keep_frames keeps what runs the
// program's code (a std::thread's function stays its own site), at -O0 and -O2 alike.
// RUN: %clangxx -g -O0 -std=c++17 -I%S/Inputs %s -o %t0
// RUN: %clangxx -g -O2 -std=c++17 -I%S/Inputs %s -o %t2
// RUN: rm -f %t0.pb.gz %t2.pb.gz
// RUN: env LEAKSCOPE_OPTIONS=snapshot_path=%t0.pb.gz %t0 %t0.pb.gz
// RUN: env LEAKSCOPE_OPTIONS=snapshot_path=%t2.pb.gz %t2 %t2.pb.gz
// RUN: %S/Inputs/pprof.sh %t.go -top -nodefraction=0 -unit=B -sample_index=inuse_space %t0.pb.gz > %t0.top 2>&1
// RUN: %S/Inputs/pprof.sh %t.go -top -nodefraction=0 -unit=B -sample_index=inuse_space %t2.pb.gz > %t2.top 2>&1
// RUN: %S/Inputs/pprof.sh %t.go -top -nodefraction=0 -unit=B -sample_index=inuse_space -symbolize=demangle=full %t2.pb.gz > %t2.full 2>&1
// RUN: FileCheck %s < %t0.top
// RUN: FileCheck %s < %t2.top
// RUN: FileCheck %s < %t2.full
// Rows with a non-zero flat value: only the program's functions (and libstdc++'s
// unnamed start-up pool, glibc's thread-local storage): no row ends in a standard-library
// name ("std::vector MakeBuffer" is the program's template returning a vector).
// RUN: awk '/^ *flat/{on=1; next} on && $1 != "0" {print}' %t0.top %t2.top > %t.flat
// RUN: not grep -E 'operator new|malloc|allocator|::allocate|allocate_shared|_M_|(std|__gnu_cxx)::[^ ]*( \(inline\))?$' %t.flat
// RUN: FileCheck --check-prefix=FLAT %s < %t.flat
// RUN: awk '/^ *flat/{on=1; next} on && $1 != "0" {print}' %t2.full | FileCheck --check-prefix=FLAT %s
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "wait_for_file.h"

struct Node {
  std::shared_ptr<Node> next;
  long payload[6];
};

std::map<std::string, std::vector<char>> g_cache;
std::vector<std::shared_ptr<Node>> g_nodes;
std::vector<std::vector<int>> g_buffers;
std::vector<int> *g_thread_data;
std::vector<int> g_events;
std::vector<std::string> g_labels;

__attribute__((noinline)) void StoreResponse(const std::string &key, unsigned long size) {
  g_cache[key] = std::vector<char>(size);
}

__attribute__((noinline)) void BuildGraph(int n) {
  for (int i = 0; i < n; i++) g_nodes.push_back(std::make_shared<Node>());
}

template <class T>
__attribute__((noinline)) std::vector<T> MakeBuffer(unsigned long n) {
  return std::vector<T>(n);
}

// std::string(n, c) allocates inside libstdc++.so (_M_construct, no frame pointers).
__attribute__((noinline)) void MakeLabels() {
  for (int i = 0; i < 100; i++) g_labels.push_back(std::string(300, char('a' + i % 26)));
}

__attribute__((noinline)) void Dispatch(const std::function<void(int)> &handler) {
  for (int i = 0; i < 100; i++) handler(i);
}

int main(int argc, char **argv) {
  for (int i = 0; i < 64; i++) StoreResponse("response-" + std::to_string(i), 32768);
  BuildGraph(1000);
  g_buffers.reserve(8);
  for (int i = 0; i < 8; i++) g_buffers.push_back(MakeBuffer<int>(16384));
  std::thread([] { g_thread_data = new std::vector<int>(50000); }).join();
  Dispatch([](int i) { g_events.push_back(i); });
  MakeLabels();
  SnapshotBySignal(argv[1]);
  return 0;
}
// The leader: 2 MiB of responses (a map node, a string and a vector per response).
// CHECK: flat  flat%   sum%        cum   cum%
// CHECK-NEXT: {{^ *2[0-9][0-9][0-9][0-9][0-9][0-9]B}} {{.*}} StoreResponse
// FLAT-DAG: StoreResponse
// FLAT-DAG: BuildGraph
// FLAT-DAG: MakeBuffer
// FLAT-DAG: Dispatch
// FLAT-DAG: MakeLabels
// FLAT-DAG: main::$_1::operator

// retention_path_site=PATTERN: each reachable allocation site matching PATTERN gets one
// shortest path from a root, with named roots: a global (through two typed hops and
// their field offsets), a thread's stack (with the frame's function and line), the
// main thread's TLS and a registered root region; and what each root retains
// (g_index: the 2408-byte Index, 300 entries of 16 bytes, 300 payloads of 1000).
// A C++ global's name is demangled (service::g_current, mangled _ZN7service9g_currentE).
// RUN: %clangxx -g -O0 -pthread -I%S/../../../include %s -o %t
// RUN: env LEAKSCOPE_OPTIONS=retention_path_site=make_ %expect_exit 0 %t 2>&1 | FileCheck %s
#include <pthread.h>
#include <leakscope/leakscope.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

struct Payload {
  char bytes[1000];
};
struct Entry {
  long key;
  Payload *payload;
};
struct Index {
  long count;
  Entry *entries[300];
};

Index *g_index;
__thread void *tls_ptr;
volatile int ready;
namespace service {
void *g_current;
}

__attribute__((noinline)) Payload *make_payload() { return new Payload{}; }
__attribute__((noinline)) void *make_stack_block() { return malloc(48); }
__attribute__((noinline)) void *make_tls_block() { return malloc(40); }
__attribute__((noinline)) void *make_region_block() { return malloc(32); }
__attribute__((noinline)) void *make_named_block() { return malloc(24); }

void *thread_main(void *) {
  void *volatile local = make_stack_block();
  ready = 1;
  while (local) pause();  // blocked in libc when the report is taken
  return nullptr;
}

int main() {
  g_index = new Index{};
  for (int i = 0; i < 300; i++) g_index->entries[i] = new Entry{i, make_payload()};
  g_index->count = 300;
  tls_ptr = make_tls_block();
  service::g_current = make_named_block();
  void **region = (void **)mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  region[3] = make_region_block();
  __leakscope_register_root_region(region, 4096);
  fprintf(stderr, "region=%p\n", (void *)region);
  pthread_t t;
  pthread_create(&t, nullptr, thread_main, nullptr);
  while (!ready) usleep(1000);
  return 0;
}
// CHECK: region=[[REGION:0x[0-9a-f]+]]
// CHECK: Reachable memory: 300000 byte(s) in 300 object(s), allocated from:
// CHECK-NEXT: type: Payload
// CHECK-NEXT: kept alive by: global g_index (paths.cpp.tmp) -> Index+{{[1-9][0-9]*}} -> Entry+8{{$}}
// CHECK-NEXT: global g_index (paths.cpp.tmp) retains 307208 byte(s) in 601 object(s)
// CHECK: in make_payload() {{.*}}paths.cpp:35
// CHECK: Reachable memory: 48 byte(s) in 1 object(s), allocated from:
// CHECK-NEXT: kept alive by: stack of thread {{[0-9]+}} in thread_main(void*) {{.*}}paths.cpp:44{{$}}
// CHECK-NEXT: stack of thread {{[0-9]+}} in thread_main(void*) {{.*}}paths.cpp:44 retains 48 byte(s) in 1 object(s)
// CHECK: in make_stack_block() {{.*}}paths.cpp:36
// CHECK: Reachable memory: 40 byte(s) in 1 object(s), allocated from:
// CHECK-NEXT: kept alive by: tls of thread {{[0-9]+}}{{$}}
// CHECK-NEXT: tls of thread {{[0-9]+}} retains 40 byte(s) in 1 object(s)
// CHECK: in make_tls_block() {{.*}}paths.cpp:37
// CHECK: Reachable memory: 32 byte(s) in 1 object(s), allocated from:
// CHECK-NEXT: kept alive by: root region [[REGION]]{{$}}
// CHECK-NEXT: root region [[REGION]] retains 32 byte(s) in 1 object(s)
// CHECK: in make_region_block() {{.*}}paths.cpp:38
// CHECK: Reachable memory: 24 byte(s) in 1 object(s), allocated from:
// CHECK-NEXT: kept alive by: global service::g_current (paths.cpp.tmp){{$}}
// CHECK-NEXT: global service::g_current (paths.cpp.tmp) retains 24 byte(s) in 1 object(s)
// CHECK: in make_named_block() {{.*}}paths.cpp:39
// CHECK-NOT: leak

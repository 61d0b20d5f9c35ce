// Retention in a running program: a thread working on a global list holds a pointer to
// its 50th node on its stack while the snapshot is taken. A thread's stack is a weak
// root: the list's nodes are all retained by global g_list (100 nodes of 64 bytes), not
// half of them by "(several roots)". A block only the stack holds (g_list does not reach
// it) stays under the stack: the positive control that stacks still count.
// RUN: %clangxx -g -O0 -pthread -I%S/../../../include %s -o %t
// RUN: rm -f %t.*.pb.gz
// RUN: env LEAKSCOPE_OPTIONS=snapshot_retention=1 %t %t.1.pb.gz 2>&1 | FileCheck %s --check-prefix=LOG
// RUN: %leakscope retain %t.1.retained.pb.gz > %t.out
// RUN: FileCheck %s < %t.out
// LOG: wrote retention profile {{.*}}.1.retained.pb.gz
// CHECK: {{^ +6400B +[0-9.]+% +100  global g_list \(weak_roots.cpp.tmp\) -> Node$}}
// CHECK: {{^ +4000B +[0-9.]+% +1  stack of thread [0-9]+ in worker\(void\*\)}}
#include <leakscope/leakscope.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

struct Node {
  Node *next;
  char payload[56];
};

Node *g_list;
volatile int ready;

__attribute__((noinline)) void build() {
  for (int i = 0; i < 100; i++) {
    Node *n = (Node *)calloc(1, sizeof(Node));
    n->next = g_list;
    g_list = n;
  }
}

void *worker(void *) {
  Node *volatile current = g_list;
  for (int i = 0; i < 50; i++) current = current->next;  // in the middle of the list
  void *volatile own = malloc(4000);                     // only this stack holds it
  ready = 1;
  while (current && own) pause();
  return nullptr;
}

int main(int argc, char **argv) {
  build();
  pthread_t t;
  pthread_create(&t, nullptr, worker, nullptr);
  while (!ready) usleep(1000);
  __leakscope_write_snapshot(argv[1]);
  return 0;
}

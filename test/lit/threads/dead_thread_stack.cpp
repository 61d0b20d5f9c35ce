// The stack of a thread that was joined (glibc keeps it mapped, for the next thread) is
// not a root, although it is an anonymous mapping of the program's: a block whose only
// pointers were in that thread's dead frames is a leak (use_mmap=1 scans the program's
// other mappings; mapped_roots.h excludes stacks).
// RUN: %clangxx -g -O0 -I%S/../../../include %s -o %t -lpthread
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s
// CHECK: Direct leak of 5555 byte(s) in 1 object(s)
// CHECK: SUMMARY: LeakScope: 5555 byte(s) leaked in 1 allocation(s).
// Two checks in a row report it both times: the first check's own memory (its lists of
// leaked blocks) is not a root of the second.
// RUN: %expect_exit 23 %t twice 2>&1 | FileCheck %s --check-prefix=TWICE
// TWICE: first: 1
// TWICE: second: 1
#include <leakscope/leakscope.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((noinline)) void spread(int n, char *p) {
  char *volatile copies[64];
  for (int i = 0; i < 64; i++) copies[i] = p;
  if (n > 0) spread(n - 1, p);
}

static void *Worker(void *) {
  char *p = (char *)malloc(5555);
  memset(p, 0, 5555);
  spread(4, p);
  return nullptr;
}

int main(int argc, char **argv) {
  pthread_t t;
  pthread_create(&t, nullptr, Worker, nullptr);
  pthread_join(t, nullptr);
  if (argc > 1) {
    fprintf(stderr, "first: %d\n", __leakscope_do_recoverable_leak_check());
    fprintf(stderr, "second: %d\n", __leakscope_do_recoverable_leak_check());
  }
  return 0;
}

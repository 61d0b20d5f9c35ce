// fork: the child's exit check covers the child's heap and reports on its own, with
// its own exit code; the parent's report is separate. Blocks held only by threads of
// the parent are not held in the child (those threads do not exist there).
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int ready;

__attribute__((noinline)) static void Hold() {
  void *volatile on_stack = malloc(9003);
  (void)on_stack;
  __atomic_store_n(&ready, 1, __ATOMIC_RELEASE);
  for (;;) pause();
}

static void *Worker(void *) {
  Hold();
  return nullptr;
}

__attribute__((noinline)) static void ChildLeak() {
  void *volatile p = malloc(9001);
  p = nullptr;
}

__attribute__((noinline)) static void ParentLeak() {
  void *volatile p = malloc(9002);
  p = nullptr;
}

int main() {
  pthread_t t;
  pthread_create(&t, nullptr, Worker, nullptr);
  while (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) usleep(1000);
  pid_t pid = fork();
  if (pid == 0) {
    fprintf(stderr, "child %d\n", (int)getpid());
    ChildLeak();
    exit(0);
  }
  int status;
  waitpid(pid, &status, 0);
  fprintf(stderr, "child exit code %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  ParentLeak();
  exit(0);
}
// CHECK: child [[CHILD:[0-9]+]]
// CHECK: =={{[0-9]+}}==ERROR: LeakScope: detected memory leaks
// CHECK-NOT: 9002 byte
// CHECK-DAG: Direct leak of 9001 byte(s) in 1 object(s) allocated from:
// CHECK-DAG: Direct leak of 9003 byte(s) in 1 object(s) allocated from:
// CHECK: SUMMARY: LeakScope: 18004 byte(s) leaked in 2 allocation(s).
// CHECK: child exit code 23
// CHECK: ERROR: LeakScope: detected memory leaks
// CHECK-NOT: 9001 byte
// CHECK-NOT: 9003 byte
// CHECK: Direct leak of 9002 byte(s) in 1 object(s) allocated from:
// CHECK: SUMMARY: LeakScope: 9002 byte(s) leaked in 1 allocation(s).

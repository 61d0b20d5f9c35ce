// A forked child's report goes to log_path.<child pid>, the parent's to log_path.<pid>,
// and the child symbolizes its frames with a symbolizer of its own.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %clangxx -g -O0 %s -o %t
// RUN: env LEAKSCOPE_OPTIONS=log_path=%t.dir/log %expect_exit 23 %t > %t.pids
// RUN: sh -c 'set -e; read parent child < %t.pids; cat %t.dir/log.$child' | FileCheck %s --check-prefix=CHILD
// RUN: sh -c 'set -e; read parent child < %t.pids; cat %t.dir/log.$parent' | FileCheck %s --check-prefix=PARENT
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

void *volatile sink;

__attribute__((noinline)) void ParentLeak() { sink = malloc(111); sink = nullptr; }
__attribute__((noinline)) void ChildLeak() { sink = malloc(222); sink = nullptr; }
__attribute__((noinline)) void EarlyLeak() { sink = malloc(333); sink = nullptr; }

extern "C" int __lsan_do_recoverable_leak_check();

int main() {
  // The parent reports (and so symbolizes) once before forking: a symbolizer process
  // exists, which the child must not share.
  EarlyLeak();
  __lsan_do_recoverable_leak_check();
  pid_t child = fork();
  if (child == 0) {
    ChildLeak();
    return 0;  // exits 23 with its own report
  }
  int status = 0;
  waitpid(child, &status, 0);
  printf("%d %d\n", (int)getpid(), (int)child);
  fflush(stdout);
  ParentLeak();
  return 0;
}
// CHILD: Direct leak of 333 byte(s)
// CHILD: in EarlyLeak() {{.*}}fork_log_path.cpp
// CHILD: Direct leak of 222 byte(s)
// CHILD: in ChildLeak() {{.*}}fork_log_path.cpp
// CHILD-NOT: 111 byte
// PARENT: Direct leak of 333 byte(s)
// PARENT: Direct leak of 111 byte(s)
// PARENT: in ParentLeak() {{.*}}fork_log_path.cpp
// PARENT-NOT: 222 byte

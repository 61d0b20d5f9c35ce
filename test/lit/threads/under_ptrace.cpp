// The check works under a tracer: threads are stopped by a signal, not by ptrace
// (LeakSanitizer stops with "does not work under ptrace" here). Under strace -f and
// under gdb (which passes SIGURG silently) the report is printed and the exit code is
// 23. A block held only on a live thread's stack stays reachable. strace's log shows
// how the threads were stopped: a queued SIGURG each, and no ptrace call at all; the
// control build, which calls ptrace once itself, shows that the log would show one.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %expect_exit 23 strace -f -e trace=ptrace -o %t.strace %t 2>&1 | FileCheck %s
// RUN: FileCheck --check-prefix=STRACE %s < %t.strace
// RUN: %clangxx -g -O0 -DCALL_PTRACE %s -o %t.control
// RUN: %expect_exit 23 strace -f -e trace=ptrace -o %t.control.strace %t.control > /dev/null 2>&1
// RUN: FileCheck --check-prefix=CONTROL %s < %t.control.strace
// RUN: %expect_exit 23 gdb -q -batch -ex run -ex 'quit $_exitcode' --args %t 2>&1 | FileCheck %s
#include <pthread.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <unistd.h>

static int ready;

__attribute__((noinline)) static void Hold() {
  void *volatile on_stack = malloc(1201);
  (void)on_stack;
  __atomic_add_fetch(&ready, 1, __ATOMIC_RELEASE);
  for (;;) pause();
}

static void *Worker(void *) {
  Hold();
  return nullptr;
}

__attribute__((noinline)) static void Leak() {
  void *volatile p = malloc(1202);
  p = nullptr;
}

int main() {
#ifdef CALL_PTRACE
  ptrace(PTRACE_TRACEME, 0, nullptr, nullptr);  // fails under a tracer; strace logs it
#endif
  pthread_t t;
  for (int i = 0; i < 4; i++) pthread_create(&t, nullptr, Worker, nullptr);
  while (__atomic_load_n(&ready, __ATOMIC_ACQUIRE) < 4) usleep(1000);
  Leak();
  exit(0);
}
// CHECK-NOT: 1201 byte
// CHECK: Direct leak of 1202 byte(s) in 1 object(s) allocated from:
// CHECK: in Leak(){{.*}}under_ptrace.cpp
// CHECK-NOT: 1201 byte
// CHECK: SUMMARY: LeakScope: 1202 byte(s) leaked in 1 allocation(s).
// STRACE-NOT: ptrace(
// STRACE: --- SIGURG {{.*}}si_code=SI_QUEUE
// STRACE-NOT: ptrace(
// CONTROL: ptrace(PTRACE_TRACEME

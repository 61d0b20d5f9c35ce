// A detached thread waits on a condition variable inside a heap object that only it can
// reach, holding a 1 MiB buffer: a thread leak whose holds line covers the buffer (and
// the mailbox, and std::thread's state), reported at exit with exit code 23. The
// positive control beside it waits on a global condition variable: not reported, and
// listed at verbosity=1 as waiting outside the heap. detect_thread_leaks=0 turns the
// report off (exit code 0). Neither thread's memory is a memory leak.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: env LEAKSCOPE_OPTIONS=verbosity=1 %expect_exit 23 %t 2>&1 | FileCheck %s
// RUN: env LEAKSCOPE_OPTIONS=detect_thread_leaks=0 %expect_exit 0 %t 2>&1 | FileCheck %s --check-prefix=OFF
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "Inputs/wait_blocked.h"

struct Mailbox {
  std::mutex mu;
  std::condition_variable cv;
  bool ready = false;
};

// A pthread condition variable: no destructor, so exit() does not wait for its waiter.
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cv = PTHREAD_COND_INITIALIZER;
static bool g_go;
static int started;

__attribute__((noinline)) static void WaitForever(Mailbox *box, char *buffer) {
  fprintf(stderr, "orphan %ld\n", (long)syscall(SYS_gettid));
  std::unique_lock<std::mutex> l(box->mu);
  __atomic_add_fetch(&started, 1, __ATOMIC_RELEASE);
  fprintf(stderr, "waits at line %d\n", __LINE__ + 1);
  box->cv.wait(l, [&] { return box->ready; });
  buffer[0] = 1;
}

static void Orphan() {
  Mailbox *box = new Mailbox;
  char *buffer = (char *)malloc(1 << 20);
  memset(buffer, 0, 1 << 20);
  fprintf(stderr, "created at line %d\n", __LINE__ + 1);
  std::thread([box, buffer] { WaitForever(box, buffer); }).detach();
}

static void GlobalWaiter() {
  std::thread([] {
    pthread_mutex_lock(&g_mu);
    fprintf(stderr, "global %ld\n", (long)syscall(SYS_gettid));
    __atomic_add_fetch(&started, 1, __ATOMIC_RELEASE);
    while (!g_go) pthread_cond_wait(&g_cv, &g_mu);
    pthread_mutex_unlock(&g_mu);
  }).detach();
}

int main() {
  Orphan();
  while (__atomic_load_n(&started, __ATOMIC_ACQUIRE) < 1) usleep(1000);
  GlobalWaiter();
  while (__atomic_load_n(&started, __ATOMIC_ACQUIRE) < 2) usleep(1000);
  WaitUntilOthersBlocked();  // every thread is in its wait
  return 0;
}
// CHECK: created at line [[CREATE:[0-9]+]]
// CHECK: orphan [[ORPHAN:[0-9]+]]
// CHECK: waits at line [[WAIT:[0-9]+]]
// CHECK: global [[GLOBAL:[0-9]+]]
// CHECK: LeakScope: thread [[GLOBAL]] waits on futex word 0x{{[0-9a-f]+}} outside the heap (a global or a stack): not leaked
// CHECK-NOT: Direct leak
// CHECK: ==ERROR: LeakScope: detected leaked threads
// CHECK-EMPTY:
// CHECK-NEXT: Thread leak: thread [[ORPHAN]] blocked in WaitForever(Mailbox*, char*) {{.*}}thread_leak_condvar.cpp:[[WAIT]] on an object no running thread can reach, created at:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in pthread_create
// CHECK: in Orphan() {{.*}}thread_leak_condvar.cpp:[[CREATE]]
// CHECK: in main {{.*}}thread_leak_condvar.cpp
// CHECK-NEXT: holds 1048{{[0-9][0-9][0-9]}} byte(s) in 3 object(s) that only it can reach
// CHECK-NEXT: stack of thread [[ORPHAN]], waiting on futex word 0x{{[0-9a-f]+}}:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in
// CHECK: in WaitForever(Mailbox*, char*) {{.*}}thread_leak_condvar.cpp:[[WAIT]]
// CHECK-NOT: Thread leak: thread [[GLOBAL]]
// CHECK: SUMMARY: LeakScope: 1 leaked thread(s) holding 1048{{[0-9][0-9][0-9]}} byte(s).
// CHECK-NOT: Thread leak
// OFF-NOT: Thread leak
// OFF-NOT: SUMMARY

// Allocations in a signal handler show the handler and then the interrupted code (the
// walk crosses the kernel's signal frame by the saved ucontext), and allocations in a
// thread's start routine end at the start routine. The program is built without frame
// pointers and run under the preloaded runtime, so only the CFI walk can do this.
// RUN: %plain_clangxx -g -O2 -fomit-frame-pointer %s -o %t -lpthread
// RUN: env LD_PRELOAD=%rt_so %expect_exit 23 %t 2>&1 | FileCheck %s
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

void *volatile sink[2];
volatile int spin = 1;

__attribute__((noinline)) void OnSignal(int) {
  sink[0] = malloc(77);
  spin = 0;
}

__attribute__((noinline)) void Interrupted() {
  raise(SIGUSR2);  // the handler runs before raise returns
  while (spin) {
  }
}

__attribute__((noinline)) void *ThreadBody(void *) {
  sink[1] = malloc(88);
  return nullptr;
}

int main() {
  signal(SIGUSR2, OnSignal);
  Interrupted();
  pthread_t t;
  pthread_create(&t, nullptr, ThreadBody, nullptr);
  pthread_join(t, nullptr);
  sink[0] = sink[1] = nullptr;
  return 0;
}
// Bytes descending: the thread's 88 first. Its stack: malloc, then the start routine,
// and nothing of libc below it.
// CHECK: Direct leak of 88 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 {{.*}} in malloc
// CHECK-NEXT: #1 {{.*}} in ThreadBody(void*) {{.*}}signal_and_thread.cpp:27
// CHECK-NEXT: {{^$}}
// The handler, then the code it interrupted (inside raise) up to main.
// CHECK: Direct leak of 77 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 {{.*}} in malloc
// CHECK-NEXT: #1 {{.*}} in OnSignal(int) {{.*}}signal_and_thread.cpp:16
// CHECK: in raise
// CHECK-NEXT: in Interrupted() {{.*}}signal_and_thread.cpp:21
// CHECK-NEXT: in main {{.*}}signal_and_thread.cpp:33
// CHECK: SUMMARY

// std::thread goes through pthread_create too: its threads are stopped and scanned.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s
#include <atomic>
#include <cstdlib>
#include <thread>
#include <unistd.h>

static std::atomic<int> ready;

__attribute__((noinline)) static void Hold() {
  void *volatile on_stack = malloc(1501);
  (void)on_stack;
  ready = 1;
  for (;;) pause();
}

int main() {
  std::thread t(Hold);
  t.detach();
  while (!ready) usleep(1000);
  void *volatile p = malloc(1502);
  p = nullptr;
  exit(0);
}
// CHECK-NOT: 1501 byte
// CHECK: Direct leak of 1502 byte(s) in 1 object(s)
// CHECK-NOT: 1501 byte

// A thread pool whose owner leaked: four workers wait on the pool's condition variable
// and only they reach the pool. They are reported in one record (one creation stack,
// four threads), whose holds line covers the pool and its queue. The positive control
// is a second pool that a global keeps: its workers are not reported.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: env LEAKSCOPE_OPTIONS=verbosity=1 %expect_exit 23 %t 2>&1 | FileCheck %s
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "Inputs/wait_blocked.h"

class Pool {
 public:
  explicit Pool(int n) {
    for (int i = 0; i < n; i++) std::thread([this] { Work(); }).detach();
    backlog_ = malloc(100000);
  }
  int idle() {
    std::lock_guard<std::mutex> l(mu_);
    return idle_;
  }

 private:
  void Work() {
    std::unique_lock<std::mutex> l(mu_);
    idle_++;
    for (;;) {
      cv_.wait(l, [this] { return !jobs_.empty(); });
      jobs_.pop_front();
    }
  }
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  int idle_ = 0;
  void *backlog_;
};

static Pool *g_kept;

__attribute__((noinline)) static Pool *MakePool(int n) { return new Pool(n); }

int main() {
  Pool *lost = MakePool(4);
  g_kept = MakePool(2);
  while (lost->idle() < 4 || g_kept->idle() < 2) usleep(1000);
  lost = nullptr;
  WaitUntilOthersBlocked();  // every thread is in its wait
  return 0;
}
// CHECK-COUNT-2: in memory a running thread reaches: not leaked
// CHECK-NOT: Direct leak
// CHECK: Thread leak: thread {{[0-9]+}} blocked in Pool::Work() {{.*}}thread_leak_pool.cpp:36 on an object no running thread can reach, created at:
// CHECK: in Pool::Pool(int) {{.*}}thread_leak_pool.cpp:23
// CHECK: in MakePool(int) {{.*}}thread_leak_pool.cpp
// CHECK-NEXT: in main {{.*}}thread_leak_pool.cpp:52
// CHECK-NEXT: holds 10{{[0-9][0-9][0-9][0-9]}} byte(s) in {{[0-9]+}} object(s) that only it can reach
// CHECK-NEXT: 4 threads with this creation stack: {{[0-9]+ [0-9]+ [0-9]+ [0-9]+$}}
// CHECK-NOT: Thread leak
// CHECK: SUMMARY: LeakScope: 4 leaked thread(s) holding 10{{[0-9][0-9][0-9][0-9]}} byte(s).

// snapshot_leaks=1 snapshots count thread leaks too: the profile's comment (pprof
// -comments) says how many threads are leaked and what they hold. Here one thread waits
// on a condition variable inside an object only it reaches, holding 5000 bytes; the
// positive/negative pair is the same program with its thread's object kept in a global.
// RUN: %clangxx -g -O1 -I%S/../../../include %s -o %t
// RUN: env LEAKSCOPE_OPTIONS=snapshot_leaks=1:leak_check_at_exit=0 %t %t.pb.gz lose
// RUN: %S/Inputs/pprof.sh %t.go -comments %t.pb.gz 2>&1 | FileCheck %s --check-prefix=LOST
// RUN: env LEAKSCOPE_OPTIONS=snapshot_leaks=1:leak_check_at_exit=0 %t %t.kept.pb.gz keep
// RUN: %S/Inputs/pprof.sh %t.go -comments %t.kept.pb.gz 2>&1 | FileCheck %s --check-prefix=KEPT
#include <leakscope/leakscope.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "../threads/Inputs/wait_blocked.h"

struct Box {
  std::mutex mu;
  std::condition_variable cv;
};

static Box *g_box;
static int started;

static void Wait(Box *b, void *held) {
  std::unique_lock<std::mutex> l(b->mu);
  __atomic_store_n(&started, 1, __ATOMIC_RELEASE);
  b->cv.wait(l);
}

__attribute__((noinline)) static void Start(bool keep) {
  Box *b = new Box;
  if (keep) g_box = b;
  std::thread(Wait, b, malloc(5000)).detach();
}

// Clears dead stack below main so no stale copy of the box pointer survives there.
__attribute__((noinline)) static void ClearStack() {
  char buf[32768];
  memset(buf, 0, sizeof(buf));
  asm volatile("" : : "r"(buf) : "memory");
}

int main(int argc, char **argv) {
  Start(!strcmp(argv[2], "keep"));
  ClearStack();
  while (!__atomic_load_n(&started, __ATOMIC_ACQUIRE)) usleep(1000);
  WaitUntilOthersBlocked();  // every thread is in its wait
  return __leakscope_write_snapshot(argv[1]);
}
// LOST: LeakScope heap snapshot ({{.*}}); 1 leaked thread(s) holding 5{{[0-9][0-9][0-9]}} byte(s)
// KEPT: LeakScope heap snapshot ({{.*}}); 0 leaked thread(s) holding 0 byte(s)

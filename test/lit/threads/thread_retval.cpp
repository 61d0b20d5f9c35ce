// A finished thread's return value is kept alive until the thread is joined: the
// thread library holds it, and pthread_join hands it over. Joined without taking the
// value, or detached, the block is a leak. Both `return` and pthread_exit().
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %t return unjoined 2>&1 | FileCheck %s --check-prefix=KEPT --allow-empty
// RUN: %t exit unjoined 2>&1 | FileCheck %s --check-prefix=KEPT --allow-empty
// RUN: %t return joined 2>&1 | FileCheck %s --check-prefix=KEPT --allow-empty
// RUN: %expect_exit 23 %t return dropped 2>&1 | FileCheck %s --check-prefix=LEAK
// RUN: %expect_exit 23 %t exit dropped 2>&1 | FileCheck %s --check-prefix=LEAK
// RUN: %expect_exit 23 %t return detached 2>&1 | FileCheck %s --check-prefix=LEAK
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool use_exit;
static void *volatile joined_value;

__attribute__((noinline)) static void *Make() { return malloc(8001); }

static void *Worker(void *) {
  void *p = Make();
  if (use_exit) pthread_exit(p);
  return p;
}

int main(int argc, char **argv) {
  use_exit = !strcmp(argv[1], "exit");
  const char *mode = argv[2];
  pthread_t t;
  pthread_create(&t, nullptr, Worker, nullptr);
  if (!strcmp(mode, "joined")) {
    void *v;
    pthread_join(t, &v);
    joined_value = v;
  } else if (!strcmp(mode, "dropped")) {
    pthread_join(t, nullptr);
  } else if (!strcmp(mode, "detached")) {
    pthread_detach(t);
  }
  usleep(200 * 1000);  // the thread has finished; unjoined: its value waits for a join
  exit(0);
}
// KEPT-NOT: leak
// LEAK: Direct leak of 8001 byte(s) in 1 object(s) allocated from:
// LEAK: in Make(){{.*}}thread_retval.cpp

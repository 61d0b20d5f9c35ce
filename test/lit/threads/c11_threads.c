// C11 threads are threads like any other: glibc's thrd_create does not go through the
// pthread_create symbol, so the runtime intercepts the thrd_* calls too. A block only
// a running C11 thread holds (on its stack) is reachable; a thread's int result comes
// back through thrd_join; a block leaked by a C11 thread is reported with its stack.
// RUN: %clang -g -O0 %s -o %t
// RUN: %t held 2>&1 | FileCheck %s --check-prefix=HELD
// RUN: %expect_exit 23 %t leak 2>&1 | FileCheck %s --check-prefix=LEAK
int __lsan_do_recoverable_leak_check(void);  // LeakScope provides the LSan API
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

static atomic_int ready, done;

static int Holder(void *arg) {
  void *volatile p = malloc(1234);  // only on this thread's stack
  atomic_store(&ready, 1);
  while (!atomic_load(&done)) thrd_yield();
  free(p);
  return 42;
}

__attribute__((noinline)) static void *LeakFromC11Thread(void) { return malloc(4321); }

static int Leaker(void *arg) {
  void *volatile p = LeakFromC11Thread();
  p = 0;
  thrd_exit(7);
}

int main(int argc, char **argv) {
  thrd_t t;
  int res = 0;
  if (!strcmp(argv[1], "held")) {
    thrd_create(&t, Holder, NULL);
    while (!atomic_load(&ready)) thrd_yield();
    printf("leaks while held: %d\n", __lsan_do_recoverable_leak_check());
    atomic_store(&done, 1);
    printf("join: %d result %d\n", thrd_join(t, &res) == thrd_success, res);
    return 0;
  }
  thrd_create(&t, Leaker, NULL);
  thrd_join(t, &res);
  printf("exit result %d\n", res);
  fflush(stdout);
  return 0;
}
// HELD: leaks while held: 0
// HELD: join: 1 result 42
// LEAK: exit result 7
// LEAK: Direct leak of 4321 byte(s) in 1 object(s) allocated from:
// LEAK: in LeakFromC11Thread {{.*}}c11_threads.c

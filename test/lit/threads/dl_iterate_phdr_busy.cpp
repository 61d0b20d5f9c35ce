// The exit check starting while another thread is inside dl_iterate_phdr (which holds
// the loader's lock while its callback runs) does not hang: the check lists the
// modules before it stops that thread, and takes no lock a stopped thread may hold.
// It hung forever. `timeout` turns a hang into a failure.
// RUN: %clangxx -g -O0 %s -o %t -lpthread
// RUN: timeout 60 %expect_exit 23 %t 2>&1 | FileCheck %s
// CHECK: main: the other thread is inside dl_iterate_phdr
// CHECK: Direct leak of 4242 byte(s) in 1 object(s)
// CHECK: SUMMARY: LeakScope: 4242 byte(s) leaked in 1 allocation(s).
#include <link.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static volatile int inside;

static int SlowCallback(struct dl_phdr_info *, size_t, void *) {
  inside = 1;
  for (volatile int i = 0; i < 200000; i++) {
  }
  return 0;
}

static void *Spin(void *) {
  for (;;) dl_iterate_phdr(SlowCallback, nullptr);
  return nullptr;
}

void *volatile sink;

int main() {
  pthread_t t;
  pthread_create(&t, nullptr, Spin, nullptr);
  while (!inside) usleep(1000);
  sink = malloc(4242);
  sink = nullptr;
  fprintf(stderr, "main: the other thread is inside dl_iterate_phdr\n");
  return 0;
}

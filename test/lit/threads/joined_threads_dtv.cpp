// Threads that were joined leave their DTV (allocated by ld.so with calloc) behind in
// glibc's stack cache. Neither it nor anything else of the loader's is reported (the
// loader's allocations are roots, as in LeakSanitizer); a real leak next to them is.
// RUN: %clangxx -g -O1 %s -o %t
// RUN: %t 2>&1 | FileCheck %s --check-prefix=CLEAN --allow-empty
// RUN: %expect_exit 23 %t leak 2>&1 | FileCheck %s --check-prefix=LEAK
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

void *volatile sink;

static void *Work(void *) {
  void *p = malloc(100);
  free(p);
  return nullptr;
}

int main(int argc, char **argv) {
  for (int round = 0; round < 3; round++) {
    pthread_t t[8];
    for (auto &th : t) pthread_create(&th, nullptr, Work, nullptr);
    for (auto &th : t) pthread_join(th, nullptr);
  }
  if (argc > 1 && !strcmp(argv[1], "leak")) {
    sink = malloc(777);
    sink = nullptr;
  }
  return 0;
}
// CLEAN-NOT: leak
// LEAK: Direct leak of 777 byte(s) in 1 object(s)
// LEAK-NOT: allocate_dtv
// LEAK: SUMMARY: LeakScope: 777 byte(s) leaked in 1 allocation(s).

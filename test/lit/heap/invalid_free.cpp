// free() of an address that was never a heap block (a local variable, a global) is
// reported with the stack and aborts, as glibc and the sanitizers stop; it was ignored
// silently. realloc() of one too. A normal free is unaffected (positive control).
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %t ok 2>&1 | FileCheck %s --check-prefix=OK
// RUN: %expect_exit 134 %t stack 2>&1 | FileCheck %s --check-prefix=STACK
// RUN: %expect_exit 134 %t global 2>&1 | FileCheck %s --check-prefix=GLOBAL
// RUN: %expect_exit 134 %t realloc 2>&1 | FileCheck %s --check-prefix=REALLOC
// RUN: %expect_exit 134 %t delete 2>&1 | FileCheck %s --check-prefix=DELETE
// Preloaded into a program built without LeakScope, too.
// RUN: %plain_clangxx -g -O0 %s -o %t.plain
// RUN: env LD_PRELOAD=%rt_so %t.plain ok 2>&1 | FileCheck %s --check-prefix=OK
// RUN: env LD_PRELOAD=%rt_so %expect_exit 134 %t.plain global 2>&1 | FileCheck %s --check-prefix=GLOBAL
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int global_array[4];

__attribute__((noinline)) void FreeIt(void *p) { free(p); }

int main(int argc, char **argv) {
  int local[4] = {1, 2, 3, 4};
  const char *m = argv[1];
  if (!strcmp(m, "ok")) FreeIt(malloc(10));
  if (!strcmp(m, "stack")) FreeIt(local);
  if (!strcmp(m, "global")) FreeIt(global_array);
  if (!strcmp(m, "realloc")) printf("%p\n", realloc(global_array, 100));
  if (!strcmp(m, "delete")) delete (int *)local;
  printf("still running %d\n", local[0]);
  return 0;
}
// OK: still running 1
// STACK: LeakScope: free() of 0x{{[0-9a-f]+}}, which is not a heap block (it is on the stack of the calling thread)
// STACK-NEXT: #0 0x{{[0-9a-f]+}} in FreeIt(void*) {{.*}}invalid_free.cpp:{{[0-9]+}}
// STACK-NEXT: in main {{.*}}invalid_free.cpp:{{[0-9]+}}
// STACK-NOT: still running
// GLOBAL: LeakScope: free() of 0x{{[0-9a-f]+}}, which is not a heap block (it is inside the image of {{.*}}invalid_free.cpp.tmp{{(.plain)?}}: a global or static)
// GLOBAL: in FreeIt
// REALLOC: LeakScope: realloc() of 0x{{[0-9a-f]+}}, which is not a heap block (it is inside the image of
// DELETE: LeakScope: free() of 0x{{[0-9a-f]+}}, which is not a heap block (it is on the stack

// Suppressions compiled into the program through the weak hooks
// __lsan_default_suppressions (LeakSanitizer's name) and
// __leakscope_default_suppressions; a suppressions= file adds to them.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s
// RUN: echo 'leak:still_leaking' > %t.supp
// RUN: env LEAKSCOPE_OPTIONS=suppressions=%t.supp %expect_exit 0 %t 2>&1 | FileCheck %s --check-prefix=FILE
#include <stdlib.h>

extern "C" const char *__lsan_default_suppressions() { return "leak:lsan_hooked\n"; }
extern "C" const char *__leakscope_default_suppressions() { return "# ours\nleak:ls_hooked"; }

void *volatile sink;

__attribute__((noinline)) void lsan_hooked() { sink = malloc(11); }
__attribute__((noinline)) void ls_hooked() { sink = malloc(12); }
__attribute__((noinline)) void still_leaking() { sink = malloc(13); }

int main() {
  lsan_hooked();
  ls_hooked();
  still_leaking();
  sink = nullptr;
  return 0;
}
// CHECK: Direct leak of 13 byte(s) in 1 object(s) allocated from:
// CHECK-NOT: leak of 1{{[12]}} byte
// CHECK: Suppressions used:
// CHECK-DAG: 1 11 lsan_hooked
// CHECK-DAG: 1 12 ls_hooked
// CHECK: SUMMARY: LeakScope: 13 byte(s) leaked in 1 allocation(s).

// FILE-NOT: leak of
// FILE: Suppressions used:
// FILE-DAG: 1 11 lsan_hooked
// FILE-DAG: 1 12 ls_hooked
// FILE-DAG: 1 13 still_leaking

// malloc_context_size=N records at most N frames per allocation: frame #0 is the
// entry point, so 2 keeps the caller and drops everything above it.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s --check-prefix=FULL
// RUN: env LEAKSCOPE_OPTIONS=malloc_context_size=2 %expect_exit 23 %t 2>&1 | FileCheck %s --check-prefix=TWO
// RUN: env LEAKSCOPE_OPTIONS=malloc_context_size=1 %expect_exit 23 %t 2>&1 | FileCheck %s --check-prefix=ONE
#include <stdlib.h>

void *volatile sink;

__attribute__((noinline)) void level3() { sink = malloc(67); }
__attribute__((noinline)) void level2() { level3(); }
__attribute__((noinline)) void level1() { level2(); }

int main() {
  level1();
  sink = nullptr;
  return 0;
}
// FULL: #0 {{.*}} in malloc
// FULL-NEXT: #1 {{.*}} in level3()
// FULL-NEXT: #2 {{.*}} in level2()
// FULL-NEXT: #3 {{.*}} in level1()
// FULL-NEXT: #4 {{.*}} in main

// TWO: Direct leak of 67 byte(s)
// TWO-NEXT: #0 {{.*}} in malloc
// TWO-NEXT: #1 {{.*}} in level3()
// TWO-EMPTY:

// ONE: Direct leak of 67 byte(s)
// ONE-NEXT: #0 {{.*}} in malloc
// ONE-EMPTY:

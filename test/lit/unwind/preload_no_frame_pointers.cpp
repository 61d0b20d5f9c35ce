// A binary built at -O2 without frame pointers and without LeakScope, checked by
// preloading the runtime: every function of the allocation stack is named, through
// frames that keep no frame pointer (their CFI is what the walk follows). The
// frame-pointer-only walk (fast_unwind_on_malloc=1) loses them: the positive control.
// RUN: %plain_clangxx -g -O2 -fomit-frame-pointer -mno-omit-leaf-frame-pointer %s -o %t
// RUN: env LD_PRELOAD=%rt_so %expect_exit 23 %t 2>&1 | FileCheck %s
// RUN: env LD_PRELOAD=%rt_so LEAKSCOPE_OPTIONS=fast_unwind_on_malloc=1 %expect_exit 23 %t 2>&1 | FileCheck %s --check-prefix=FP
#include <stdlib.h>

void *volatile sink;
volatile int depth_seen;

// Each level uses rbp as an ordinary register, so a frame-pointer walk cannot get
// past it: the value left in rbp is not a frame address.
#define LEVEL(name, next)                                          \
  __attribute__((noinline)) void name(long n) {                    \
    register long r asm("rbp") = n * 3 + 1;                        \
    asm volatile("" : "+r"(r));                                    \
    next(r);                                                       \
    asm volatile("" ::"r"(r));                                     \
    depth_seen++;                                                  \
  }

__attribute__((noinline)) void Leaf(long n) { sink = malloc(100 + (n & 1)); }
LEVEL(Third, Leaf)
LEVEL(Second, Third)
LEVEL(First, Second)

int main() {
  First(1);
  sink = nullptr;
  return 0;
}
// CHECK: Direct leak of {{10[01]}} byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in Leaf(long) {{.*}}preload_no_frame_pointers.cpp:[[#@LINE-12]]
// CHECK-NEXT: #2 0x{{[0-9a-f]+}} in Third(long) {{.*}}preload_no_frame_pointers.cpp:[[#@LINE-12]]
// CHECK-NEXT: #3 0x{{[0-9a-f]+}} in Second(long) {{.*}}preload_no_frame_pointers.cpp:[[#@LINE-12]]
// CHECK-NEXT: #4 0x{{[0-9a-f]+}} in First(long) {{.*}}preload_no_frame_pointers.cpp:[[#@LINE-12]]
// CHECK-NEXT: #5 0x{{[0-9a-f]+}} in main {{.*}}preload_no_frame_pointers.cpp
// FP: Direct leak of {{10[01]}} byte(s) in 1 object(s) allocated from:
// FP-NOT: in First(long)
// FP: SUMMARY

// Preload mode: the allocation unwinder never reads outside the thread's stack, even
// when a frame without frame pointers (as in Debian's libc and binutils) leaves a
// garbage value where the saved frame pointer would be. GNU as segfaulted this way.
//  * In main, a saved frame pointer of -16: a bound check written as fp + 16 > top
//    wraps around and accepts it.
//  * In .preinit_array, before the runtime's constructor has run (no registered
//    stack bounds yet), a saved frame pointer 512 KiB above the current frame, past
//    the top of the stack: the main thread's stack top must be known anyway.
// RUN: %plain_clangxx -g -O0 %s -o %t
// RUN: env LD_PRELOAD=%rt_so %expect_exit 23 %t 2>&1 | FileCheck %s
// The frame-pointer walk alone, too:
// RUN: env LD_PRELOAD=%rt_so LEAKSCOPE_OPTIONS=fast_unwind_on_malloc=1 %expect_exit 23 %t 2>&1 | FileCheck %s
// And the real program that found it:
// RUN: echo 'nop' > %t.s
// RUN: %leakscope run -o detect_leaks=0 -- as %t.s -o %t.o
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

// Calls malloc(n) with %rbp = fp, so the interceptor's frame links to fp.
extern "C" void *call_malloc_with_fp(size_t n, uintptr_t fp);
asm(R"(
  .text
  .globl call_malloc_with_fp
  .type call_malloc_with_fp, @function
call_malloc_with_fp:
  push %rbp
  mov %rsi, %rbp
  call malloc@PLT
  pop %rbp
  ret
  .size call_malloc_with_fp, .-call_malloc_with_fp
)");

void *volatile sink;

static void EarlyAlloc(int, char **, char **) {
  uintptr_t here = (uintptr_t)__builtin_frame_address(0);
  sink = call_malloc_with_fp(11, (here + (512 << 10)) & ~(uintptr_t)15);
  sink = nullptr;
}
__attribute__((section(".preinit_array"), used)) static void (*g_early)(int, char **, char **) = EarlyAlloc;

int main() {
  sink = call_malloc_with_fp(22, (uintptr_t)-16);
  sink = nullptr;
  fprintf(stderr, "main done\n");
  return 0;
}
// CHECK: main done
// Both allocations have the same two-frame stack: the walk stopped at the bad frame.
// CHECK: Direct leak of 33 byte(s) in 2 object(s) allocated from:
// CHECK-NEXT: #0 {{.*}} in malloc
// CHECK-NEXT: #1 {{.*}} in call_malloc_with_fp
// CHECK-EMPTY:
// CHECK: SUMMARY: LeakScope: 33 byte(s) leaked in 2 allocation(s).

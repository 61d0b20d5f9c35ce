// A block whose only pointer is in a XMM register of another live thread is
// reachable: the stop signal's handler saves the thread's registers. The thread
// allocates and then spins in inline asm with the pointer in xmm5 and every general
// register cleared, so neither its stack nor another register holds it. With
// use_registers=0 the block is a leak. Both through exit() and __lsan_do_leak_check().
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %t 2>&1 | FileCheck %s --check-prefix=LIVE --allow-empty
// RUN: env LEAKSCOPE_OPTIONS=use_registers=0 %expect_exit 23 %t 2>&1 | FileCheck %s --check-prefix=NOREGS
// RUN: %clangxx -g -O0 -DVIA_API %s -o %t.api
// RUN: %t.api 2>&1 | FileCheck %s --check-prefix=LIVE --allow-empty
// RUN: env LEAKSCOPE_OPTIONS=use_registers=0 %expect_exit 23 %t.api 2>&1 | FileCheck %s --check-prefix=NOREGS
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

// The LeakSanitizer API LeakScope implements (clang 22 here ships no sanitizer headers).
extern "C" void __lsan_do_leak_check();
extern "C" int __lsan_do_recoverable_leak_check();

extern "C" int ready;
int ready;

static void *Spinner(void *) {
  asm volatile(
      // Call malloc(4343) on an aligned stack below the red zone; keep the old SP in r13.
      "mov %%rsp, %%r13\n"
      "sub $256, %%rsp\n"
      "and $-16, %%rsp\n"
      "mov $4343, %%edi\n"
      "call malloc@PLT\n"
      "mov %%r13, %%rsp\n"
      // The pointer lives in xmm5 only.
      "movq %%rax, %%xmm5\n xor %%r12d, %%r12d\n"
      "xor %%eax, %%eax\n xor %%ecx, %%ecx\n xor %%edx, %%edx\n xor %%esi, %%esi\n"
      "xor %%edi, %%edi\n xor %%r8d, %%r8d\n xor %%r9d, %%r9d\n xor %%r10d, %%r10d\n"
      "xor %%r11d, %%r11d\n xor %%r13d, %%r13d\n xor %%r14d, %%r14d\n"
      "pxor %%xmm0, %%xmm0\n pxor %%xmm1, %%xmm1\n pxor %%xmm2, %%xmm2\n"
      "movl $1, ready(%%rip)\n"
      "1: pause\n jmp 1b\n" ::
          : "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13",
            "r14", "xmm0", "xmm5", "xmm1", "xmm2", "memory");
  return nullptr;
}

int main() {
  pthread_t t;
  pthread_create(&t, nullptr, Spinner, nullptr);
  while (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) usleep(1000);
#ifdef VIA_API
  __lsan_do_leak_check();
  _exit(0);
#else
  exit(0);
#endif
}
// LIVE-NOT: leak
// NOREGS: Direct leak of 4343 byte(s) in 1 object(s) allocated from:
// NOREGS: SUMMARY: LeakScope: 4343 byte(s) leaked in 1 allocation(s).

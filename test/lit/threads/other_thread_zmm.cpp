// A block whose only pointer is in an AVX-512 register of another live thread is
// reachable: in ZMM20 (one of ZMM16-31, which glibc's EVEX string functions use) or in
// the upper 256 bits of ZMM5. The thread allocates and then spins in inline asm with the
// pointer in that register only and every general register cleared. With
// use_registers=0 the block is a leak.
// REQUIRES: avx512f
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %t hi16 2>&1 | FileCheck %s --check-prefix=LIVE --allow-empty
// RUN: %t zmm_upper 2>&1 | FileCheck %s --check-prefix=LIVE --allow-empty
// RUN: env LEAKSCOPE_OPTIONS=use_registers=0 %expect_exit 23 %t hi16 2>&1 | FileCheck %s --check-prefix=NOREGS
// RUN: env LEAKSCOPE_OPTIONS=use_registers=0 %expect_exit 23 %t zmm_upper 2>&1 | FileCheck %s --check-prefix=NOREGS
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern "C" int ready;
int ready;

// Calls malloc(5555) on an aligned stack below the red zone (old SP kept in r13), leaves
// the pointer in rax.
#define ALLOCATE                 \
  "mov %%rsp, %%r13\n"           \
  "sub $256, %%rsp\n"            \
  "and $-16, %%rsp\n"            \
  "mov $5555, %%edi\n"           \
  "call malloc@PLT\n"            \
  "mov %%r13, %%rsp\n"
#define CLEAR_AND_SPIN                                                                   \
  "xor %%eax, %%eax\n xor %%ecx, %%ecx\n xor %%edx, %%edx\n xor %%esi, %%esi\n"         \
  "xor %%edi, %%edi\n xor %%r8d, %%r8d\n xor %%r9d, %%r9d\n xor %%r10d, %%r10d\n"      \
  "xor %%r11d, %%r11d\n xor %%r12d, %%r12d\n xor %%r13d, %%r13d\n xor %%r14d, %%r14d\n" \
  "vpxorq %%zmm0, %%zmm0, %%zmm0\n vpxorq %%zmm1, %%zmm1, %%zmm1\n"                     \
  "vpxorq %%zmm2, %%zmm2, %%zmm2\n vpxorq %%zmm6, %%zmm6, %%zmm6\n"                     \
  "movl $1, ready(%%rip)\n"                                                             \
  "1: pause\n jmp 1b\n"
#define CLOBBERS                                                                         \
  "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "r14", \
      "xmm0", "xmm1", "xmm2", "xmm5", "xmm6", "xmm20", "memory"

static void *InHi16(void *) {
  asm volatile(ALLOCATE "vpxorq %%zmm20, %%zmm20, %%zmm20\n vmovq %%rax, %%xmm20\n" CLEAR_AND_SPIN ::
                   : CLOBBERS);
  return nullptr;
}

static void *InZmmUpper(void *) {
  asm volatile(ALLOCATE
               "vpxorq %%zmm5, %%zmm5, %%zmm5\n vmovq %%rax, %%xmm6\n"
               "vinserti64x4 $1, %%ymm6, %%zmm5, %%zmm5\n" CLEAR_AND_SPIN ::
                   : CLOBBERS);
  return nullptr;
}

int main(int argc, char **argv) {
  pthread_t t;
  pthread_create(&t, nullptr, strcmp(argv[1], "hi16") ? InZmmUpper : InHi16, nullptr);
  while (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) usleep(1000);
  exit(0);
}
// LIVE-NOT: leak
// NOREGS: Direct leak of 5555 byte(s) in 1 object(s) allocated from:

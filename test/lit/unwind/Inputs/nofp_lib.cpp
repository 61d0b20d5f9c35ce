// A library built without frame pointers, in two variants (VARIANT 1 and 2) whose
// functions differ in frame layout and placement, so rules of the one are wrong for the
// other at the same addresses.
#include <stdlib.h>

void *volatile lib_sink;

#if VARIANT == 1
__attribute__((noinline)) static void Deep1(long n) {
  register long r asm("rbp") = n + 5;
  asm volatile("" : "+r"(r));
  lib_sink = malloc(300);
  asm volatile("" ::"r"(r));
}
extern "C" __attribute__((noinline)) void LibAllocate() { Deep1(1); }
#else
volatile char pad[64];
__attribute__((noinline)) static void Pad() { for (int i = 0; i < 64; i++) pad[i] = i; }
__attribute__((noinline)) static void Deep2(long n) {
  char big[512];
  for (int i = 0; i < 512; i++) big[i] = (char)(i + n);
  register long r asm("rbp") = n + big[100];
  asm volatile("" : "+r"(r));
  lib_sink = malloc(400);
  asm volatile("" ::"r"(r));
  Pad();
}
extern "C" __attribute__((noinline)) void LibAllocate() { Deep2(2); }
#endif

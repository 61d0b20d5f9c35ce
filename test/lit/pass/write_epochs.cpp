// Access epochs: an object written after three epoch advances reports 3; an object
// never accessed reports its allocation epoch; interior pointers find their object;
// memset/memcpy/memmove destinations, atomics, and writes through a pointer kept in
// another object count; reads count by default and not with track_loads=0; a pointer
// outside the heap gets 0xffffffff. Checked at -O0 and -O2. The clock thread is off
// (epoch_period_ms=0): the test advances the epoch itself.
// RUN: %clangxx -O0 %s -o %tl0 && env LEAKSCOPE_OPTIONS=epoch_period_ms=0 %tl0 | FileCheck %s --check-prefix=LOADS
// RUN: %clangxx -O2 %s -o %tl && env LEAKSCOPE_OPTIONS=epoch_period_ms=0 %tl | FileCheck %s --check-prefix=LOADS
// With track_loads=0, reads do not count.
// RUN: env LEAKSCOPE_PASS_OPTIONS=track_loads=0 %clangxx -O0 %s -o %t0 && env LEAKSCOPE_OPTIONS=epoch_period_ms=0 %t0 | FileCheck %s
// RUN: env LEAKSCOPE_PASS_OPTIONS=track_loads=0 %clangxx -O2 %s -o %t2 && env LEAKSCOPE_OPTIONS=epoch_period_ms=0 %t2 | FileCheck %s
// Without instrumentation of writes (nor loads), written objects keep their allocation epoch.
// RUN: env LEAKSCOPE_PASS_OPTIONS="track_writes=0 track_loads=0" %clangxx -O2 %s -o %tn && env LEAKSCOPE_OPTIONS=epoch_period_ms=0 %tn | FileCheck %s --check-prefix=OFF
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <atomic>

extern "C" unsigned __leakscope_epoch_advance(void);
extern "C" unsigned __leakscope_current_epoch(void);
extern "C" unsigned __leakscope_last_write_epoch(const void *p);

struct Record {
  long id;
  char payload[100];
};

template <typename T>
__attribute__((noinline)) T *opaque(T *p) {
  asm volatile("" : "+r"(p));
  return p;
}

int main() {
  Record *written = opaque(new Record());        // allocated at epoch 0
  Record *untouched = opaque(new Record());      // allocated at epoch 0
  char *buf = opaque((char *)malloc(4096));
  auto *counter = opaque(new std::atomic<int>(0));
  __leakscope_epoch_advance();
  Record *later = opaque(new Record());          // allocated at epoch 1
  __leakscope_epoch_advance();
  __leakscope_epoch_advance();                   // epoch 3
  opaque(written)->payload[90] = 'x';
  memset(opaque(buf) + 3000, 1, 64);
  counter->fetch_add(1);
  long sum = opaque(untouched)->id + opaque(later)->id;
  printf("written %u\n", __leakscope_last_write_epoch(written));
  printf("interior %u\n", __leakscope_last_write_epoch(&written->payload[5]));
  printf("untouched %u\n", __leakscope_last_write_epoch(untouched));
  printf("later %u\n", __leakscope_last_write_epoch(later));
  printf("memset %u\n", __leakscope_last_write_epoch(buf));
  printf("atomic %u\n", __leakscope_last_write_epoch(counter));
  int on_stack = 0;
  printf("stack %x\n", __leakscope_last_write_epoch(&on_stack));
  __leakscope_epoch_advance();                   // epoch 4
  memcpy(opaque(later)->payload, buf + 3000, 8);
  printf("memcpy %u\n", __leakscope_last_write_epoch(later));
  printf("source %u\n", __leakscope_last_write_epoch(buf));
  __leakscope_epoch_advance();                   // epoch 5
  memmove(opaque(untouched)->payload + 1, untouched->payload, 10);
  printf("memmove %u\n", __leakscope_last_write_epoch(untouched));
  printf("now %u sum %ld\n", __leakscope_current_epoch(), sum);
  delete written;
  delete untouched;
  delete later;
  delete counter;
  free(buf);
  return 0;
}
// CHECK: written 3
// CHECK-NEXT: interior 3
// CHECK-NEXT: untouched 0
// CHECK-NEXT: later 1
// CHECK-NEXT: memset 3
// CHECK-NEXT: atomic 3
// CHECK-NEXT: stack ffffffff
// CHECK-NEXT: memcpy 4
// CHECK-NEXT: source 3
// CHECK-NEXT: memmove 5
// CHECK-NEXT: now 5 sum 0

// OFF: written 0
// OFF-NEXT: interior 0
// OFF-NEXT: untouched 0
// OFF-NEXT: later 1
// OFF-NEXT: memset 0
// OFF-NEXT: atomic 0

// LOADS: written 3
// LOADS-NEXT: interior 3
// LOADS-NEXT: untouched 3
// LOADS-NEXT: later 3
// LOADS-NEXT: memset 3
// LOADS-NEXT: atomic 3
// LOADS-NEXT: stack ffffffff
// LOADS-NEXT: memcpy 4
// LOADS-NEXT: source 4
// LOADS-NEXT: memmove 5
// LOADS-NEXT: now 5 sum 0

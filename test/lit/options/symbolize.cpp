// symbolize=0 prints frames as MODULE+OFFSET without running llvm-symbolizer, except
// the allocation call, which keeps the position the pass recorded at compile time.
// external_symbolizer_path picks the symbolizer; one that answers nothing (/bin/false)
// degrades the report the same way instead of failing.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: env LEAKSCOPE_OPTIONS=symbolize=0 %expect_exit 23 %t 2>&1 | FileCheck %s
// RUN: env LEAKSCOPE_OPTIONS=external_symbolizer_path=/bin/false %expect_exit 23 %t 2>&1 | FileCheck %s --check-prefix=DEGRADED
// RUN: env LEAKSCOPE_OPTIONS=external_symbolizer_path=/usr/lib/llvm-%llvm_major/bin/llvm-symbolizer %expect_exit 23 %t 2>&1 | FileCheck %s --check-prefix=FULL
#include <stdlib.h>

void *volatile sink;

__attribute__((noinline)) void leak() { sink = malloc(68); }

int main() {
  leak();
  sink = nullptr;
  return 0;
}
// CHECK: Direct leak of 68 byte(s) in 1 object(s)
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in leak() {{.*}}symbolize.cpp:13
// CHECK-NEXT: #2 0x{{[0-9a-f]+}} {{.*}}({{.*}}symbolize.cpp.tmp+0x{{[0-9a-f]+}})
// CHECK: SUMMARY: LeakScope: 68 byte(s) leaked in 1 allocation(s).

// DEGRADED: Direct leak of 68 byte(s) in 1 object(s)
// DEGRADED: #1 0x{{[0-9a-f]+}} in leak() {{.*}}symbolize.cpp:13
// DEGRADED: SUMMARY: LeakScope: 68 byte(s) leaked in 1 allocation(s).

// FULL: #1 0x{{[0-9a-f]+}} in leak() {{.*}}symbolize.cpp:13
// FULL-NEXT: #2 0x{{[0-9a-f]+}} in main {{.*}}symbolize.cpp:16

// An allocation that cannot be served: by default (allocator_may_return_null=1) malloc
// returns null with errno ENOMEM and new throws std::bad_alloc, as with glibc and
// libstdc++; with allocator_may_return_null=0 it is reported with its stack and the
// program aborts, as LeakSanitizer does. max_allocation_size_mb lowers the limit.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %t malloc 60 2>&1 | FileCheck %s --check-prefix=NULL
// RUN: env LSAN_OPTIONS=allocator_may_return_null=0 %expect_exit 134 %t malloc 60 2>&1 | FileCheck %s --check-prefix=ABORT
// RUN: env LEAKSCOPE_OPTIONS=allocator_may_return_null=0 %expect_exit 134 %t new 60 2>&1 | FileCheck %s --check-prefix=ABORTNEW
// RUN: env LEAKSCOPE_OPTIONS=allocator_may_return_null=0 %expect_exit 134 %t calloc 60 2>&1 | FileCheck %s --check-prefix=CALLOC
// RUN: %t new 60 2>&1 | FileCheck %s --check-prefix=THROWS
// RUN: env LEAKSCOPE_OPTIONS=max_allocation_size_mb=1 %t malloc 21 2>&1 | FileCheck %s --check-prefix=NULL
// RUN: env LEAKSCOPE_OPTIONS=max_allocation_size_mb=1 %t malloc 20 2>&1 | FileCheck %s --check-prefix=SERVED
// RUN: env LEAKSCOPE_OPTIONS=max_allocation_size_mb=1:allocator_may_return_null=0 %expect_exit 134 %t malloc 21 2>&1 | FileCheck %s --check-prefix=LIMIT
#include <errno.h>
#include <new>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *volatile sink;

int main(int argc, char **argv) {
  size_t size = (size_t)1 << atoi(argv[2]);
  if (!strcmp(argv[1], "new")) {
    try {
      sink = new char[size];
      puts("served");
    } catch (const std::bad_alloc &) {
      puts("bad_alloc");
    }
  } else if (!strcmp(argv[1], "calloc")) {
    sink = calloc(size, size);
    printf("calloc: %p\n", sink);
  } else {
    errno = 0;
    sink = malloc(size);
    if (sink) puts("served");
    else printf("malloc returned null, errno %s\n", errno == ENOMEM ? "ENOMEM" : "other");
  }
  free(sink);
  sink = nullptr;
  return 0;
}
// NULL: malloc returned null, errno ENOMEM
// SERVED: served
// THROWS: bad_alloc
// ABORT: LeakScope: malloc: requested allocation size 1152921504606846976 (0x1000000000000000) exceeds the maximum of 1099511627776
// ABORT-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// ABORT-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}allocator_may_return_null.cpp:36
// ABORTNEW: LeakScope: operator new: requested allocation size 1152921504606846976
// ABORTNEW: in main {{.*}}allocator_may_return_null.cpp
// CALLOC: LeakScope: calloc: 1152921504606846976 * 1152921504606846976 bytes overflows
// LIMIT: LeakScope: malloc: requested allocation size 2097152 (0x200000) exceeds the maximum of 1048576

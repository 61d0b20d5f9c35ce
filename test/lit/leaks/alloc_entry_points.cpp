// Every allocation entry point records its own stack: a block leaked through each one
// is reported with that entry point as frame #0 and the caller as frame #1.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %expect_exit 23 %t malloc 2>&1 | FileCheck %s --check-prefix=MALLOC
// RUN: %expect_exit 23 %t calloc 2>&1 | FileCheck %s --check-prefix=CALLOC
// RUN: %expect_exit 23 %t realloc 2>&1 | FileCheck %s --check-prefix=REALLOC
// RUN: %expect_exit 23 %t reallocarray 2>&1 | FileCheck %s --check-prefix=REALLOCARRAY
// RUN: %expect_exit 23 %t memalign 2>&1 | FileCheck %s --check-prefix=MEMALIGN
// RUN: %expect_exit 23 %t posix_memalign 2>&1 | FileCheck %s --check-prefix=POSIX_MEMALIGN
// RUN: %expect_exit 23 %t aligned_alloc 2>&1 | FileCheck %s --check-prefix=ALIGNED_ALLOC
// RUN: %expect_exit 23 %t valloc 2>&1 | FileCheck %s --check-prefix=VALLOC
// RUN: %expect_exit 23 %t pvalloc 2>&1 | FileCheck %s --check-prefix=PVALLOC
// RUN: %expect_exit 23 %t strdup 2>&1 | FileCheck %s --check-prefix=STRDUP
// RUN: %expect_exit 23 %t strndup 2>&1 | FileCheck %s --check-prefix=STRNDUP
// RUN: %expect_exit 23 %t new 2>&1 | FileCheck %s --check-prefix=NEW
// RUN: %expect_exit 23 %t new[] 2>&1 | FileCheck %s --check-prefix=NEWARRAY
// RUN: %expect_exit 23 %t nothrow 2>&1 | FileCheck %s --check-prefix=NOTHROW
// RUN: %expect_exit 23 %t nothrow[] 2>&1 | FileCheck %s --check-prefix=NOTHROWARRAY
// RUN: %expect_exit 23 %t aligned_new 2>&1 | FileCheck %s --check-prefix=ALIGNED_NEW
// RUN: %expect_exit 23 %t aligned_new[] 2>&1 | FileCheck %s --check-prefix=ALIGNED_NEWARRAY
// RUN: %expect_exit 0 %t none 2>&1 | FileCheck %s --check-prefix=NONE --allow-empty
#include <malloc.h>
#include <new>
#include <stdlib.h>
#include <string.h>

void *volatile sink;

struct alignas(64) Wide {
  char bytes[128];
};

__attribute__((noinline)) void *leak(const char *how) {
  if (!strcmp(how, "malloc")) return malloc(101);
  if (!strcmp(how, "calloc")) return calloc(3, 34);
  if (!strcmp(how, "realloc")) return realloc(malloc(8), 103);
  if (!strcmp(how, "reallocarray")) return reallocarray(nullptr, 4, 26);
  if (!strcmp(how, "memalign")) return memalign(64, 105);
  if (!strcmp(how, "posix_memalign")) {
    void *p = nullptr;
    return posix_memalign(&p, 128, 106) == 0 ? p : nullptr;
  }
  if (!strcmp(how, "aligned_alloc")) return aligned_alloc(256, 512);
  if (!strcmp(how, "valloc")) return valloc(107);
  if (!strcmp(how, "pvalloc")) return pvalloc(108);
  if (!strcmp(how, "strdup")) return strdup("nineteen characters");
  if (!strcmp(how, "strndup")) return strndup("only five of these", 5);
  if (!strcmp(how, "new")) return new long(1);
  if (!strcmp(how, "new[]")) return new int[30];
  if (!strcmp(how, "nothrow")) return new (std::nothrow) double(2);
  if (!strcmp(how, "nothrow[]")) return new (std::nothrow) short[11];
  if (!strcmp(how, "aligned_new")) return new Wide;
  if (!strcmp(how, "aligned_new[]")) return new Wide[3];
  return nullptr;
}

int main(int argc, char **argv) {
  sink = leak(argv[1]);
  sink = nullptr;
  return 0;
}
// MALLOC: Direct leak of 101 byte(s) in 1 object(s) allocated from:
// MALLOC-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// MALLOC-NEXT: #1 0x{{[0-9a-f]+}} in leak(char const*) {{.*}}alloc_entry_points.cpp:34:
// MALLOC: SUMMARY: LeakScope: 101 byte(s) leaked in 1 allocation(s).

// CALLOC: Direct leak of 102 byte(s) in 1 object(s) allocated from:
// CALLOC-NEXT: #0 0x{{[0-9a-f]+}} in calloc
// CALLOC-NEXT: #1 0x{{[0-9a-f]+}} in leak(char const*) {{.*}}alloc_entry_points.cpp:35:

// The block realloc returns carries realloc's stack; the freed original is not a leak.
// REALLOC: Direct leak of 103 byte(s) in 1 object(s) allocated from:
// REALLOC-NEXT: #0 0x{{[0-9a-f]+}} in realloc
// REALLOC-NEXT: #1 0x{{[0-9a-f]+}} in leak(char const*) {{.*}}alloc_entry_points.cpp:36:
// REALLOC: SUMMARY: LeakScope: 103 byte(s) leaked in 1 allocation(s).

// REALLOCARRAY: Direct leak of 104 byte(s) in 1 object(s) allocated from:
// REALLOCARRAY-NEXT: #0 0x{{[0-9a-f]+}} in reallocarray
// REALLOCARRAY-NEXT: #1 0x{{[0-9a-f]+}} in leak(char const*) {{.*}}alloc_entry_points.cpp:37:

// MEMALIGN: Direct leak of 105 byte(s) in 1 object(s) allocated from:
// MEMALIGN-NEXT: #0 0x{{[0-9a-f]+}} in memalign
// MEMALIGN-NEXT: #1 0x{{[0-9a-f]+}} in leak(char const*) {{.*}}alloc_entry_points.cpp:38:

// POSIX_MEMALIGN: Direct leak of 106 byte(s) in 1 object(s) allocated from:
// POSIX_MEMALIGN-NEXT: #0 0x{{[0-9a-f]+}} in posix_memalign
// POSIX_MEMALIGN-NEXT: #1 0x{{[0-9a-f]+}} in leak(char const*) {{.*}}alloc_entry_points.cpp:41:

// ALIGNED_ALLOC: Direct leak of 512 byte(s) in 1 object(s) allocated from:
// ALIGNED_ALLOC-NEXT: #0 0x{{[0-9a-f]+}} in aligned_alloc
// ALIGNED_ALLOC-NEXT: #1 0x{{[0-9a-f]+}} in leak(char const*) {{.*}}alloc_entry_points.cpp:43:

// VALLOC: Direct leak of 107 byte(s) in 1 object(s) allocated from:
// VALLOC-NEXT: #0 0x{{[0-9a-f]+}} in valloc
// VALLOC-NEXT: #1 0x{{[0-9a-f]+}} in leak(char const*) {{.*}}alloc_entry_points.cpp:44:

// pvalloc rounds the size up to a whole page.
// PVALLOC: Direct leak of 4096 byte(s) in 1 object(s) allocated from:
// PVALLOC-NEXT: #0 0x{{[0-9a-f]+}} in pvalloc
// PVALLOC-NEXT: #1 0x{{[0-9a-f]+}} in leak(char const*) {{.*}}alloc_entry_points.cpp:45:

// STRDUP: Direct leak of 20 byte(s) in 1 object(s) allocated from:
// STRDUP-NEXT: #0 0x{{[0-9a-f]+}} in strdup
// STRDUP-NEXT: #1 0x{{[0-9a-f]+}} in leak(char const*) {{.*}}alloc_entry_points.cpp:46:

// STRNDUP: Direct leak of 6 byte(s) in 1 object(s) allocated from:
// STRNDUP-NEXT: #0 0x{{[0-9a-f]+}} in strndup
// STRNDUP-NEXT: #1 0x{{[0-9a-f]+}} in leak(char const*) {{.*}}alloc_entry_points.cpp:47:

// NEW: Direct leak of 8 byte(s) in 1 object(s) allocated from:
// NEW-NEXT: type: long
// NEW-NEXT: #0 0x{{[0-9a-f]+}} in operator new(unsigned long)
// NEW-NEXT: #1 0x{{[0-9a-f]+}} in leak(char const*) {{.*}}alloc_entry_points.cpp:48:

// NEWARRAY: Direct leak of 120 byte(s) in 1 object(s) allocated from:
// NEWARRAY-NEXT: type: int
// NEWARRAY-NEXT: #0 0x{{[0-9a-f]+}} in operator new[](unsigned long)
// NEWARRAY-NEXT: #1 0x{{[0-9a-f]+}} in leak(char const*) {{.*}}alloc_entry_points.cpp:49:

// NOTHROW: Direct leak of 8 byte(s) in 1 object(s) allocated from:
// NOTHROW-NEXT: type: double
// NOTHROW-NEXT: #0 0x{{[0-9a-f]+}} in operator new(unsigned long, std::nothrow_t const&)
// NOTHROW-NEXT: #1 0x{{[0-9a-f]+}} in leak(char const*) {{.*}}alloc_entry_points.cpp:50:

// NOTHROWARRAY: Direct leak of 22 byte(s) in 1 object(s) allocated from:
// NOTHROWARRAY-NEXT: type: short
// NOTHROWARRAY-NEXT: #0 0x{{[0-9a-f]+}} in operator new[](unsigned long, std::nothrow_t const&)
// NOTHROWARRAY-NEXT: #1 0x{{[0-9a-f]+}} in leak(char const*) {{.*}}alloc_entry_points.cpp:51:

// ALIGNED_NEW: Direct leak of 128 byte(s) in 1 object(s) allocated from:
// ALIGNED_NEW-NEXT: type: Wide
// ALIGNED_NEW-NEXT: #0 0x{{[0-9a-f]+}} in operator new(unsigned long, std::align_val_t)
// ALIGNED_NEW-NEXT: #1 0x{{[0-9a-f]+}} in leak(char const*) {{.*}}alloc_entry_points.cpp:52:

// ALIGNED_NEWARRAY: Direct leak of 384 byte(s) in 1 object(s) allocated from:
// ALIGNED_NEWARRAY-NEXT: type: Wide
// ALIGNED_NEWARRAY-NEXT: #0 0x{{[0-9a-f]+}} in operator new[](unsigned long, std::align_val_t)
// ALIGNED_NEWARRAY-NEXT: #1 0x{{[0-9a-f]+}} in leak(char const*) {{.*}}alloc_entry_points.cpp:53:

// NONE-NOT: leak of

// A root region with a PROT_NONE page in the middle: the check reads its readable
// pages and skips the other (it segfaulted), as LeakSanitizer scans such a region up to
// the page. verbosity=1 says what was skipped. use_mmap=0, so that only the root region
// makes the mapping a root; use_root_regions=0 then reports both blocks (positive
// control).
// RUN: %clangxx -g -O0 -I%S/../../../include %s -o %t
// RUN: env LEAKSCOPE_OPTIONS=use_mmap=0:verbosity=1 %expect_exit 0 %t 2>&1 | FileCheck %s --check-prefix=SCAN
// SCAN: LeakScope: leak check: skipped 4096 byte(s) in 1 range(s) the program made unreadable
// SCAN-NOT: Direct leak
// RUN: env LEAKSCOPE_OPTIONS=use_mmap=0:use_root_regions=0 %expect_exit 23 %t 2>&1 | FileCheck %s --check-prefix=OFF
// OFF-DAG: Direct leak of 222 byte(s) in 1 object(s)
// OFF-DAG: Direct leak of 111 byte(s) in 1 object(s)
#include <leakscope/leakscope.h>
#include "Inputs/lsan_api.h"
#include <stdlib.h>
#include <sys/mman.h>

int main() {
  char *region = (char *)mmap(nullptr, 3 * 4096, PROT_READ | PROT_WRITE,
                              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  *(void **)(region + 16) = malloc(111);
  *(void **)(region + 2 * 4096 + 16) = malloc(222);
  mprotect(region + 4096, 4096, PROT_NONE);
  __lsan_register_root_region(region, 3 * 4096);
  return 0;
}

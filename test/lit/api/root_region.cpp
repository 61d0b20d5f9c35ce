// __lsan_register_root_region makes memory outside the heap and globals (here an
// anonymous mapping) a root: blocks it points to are reachable. After
// __lsan_unregister_root_region they are leaks again. Unregistering a region that was
// never registered is a one-line error. use_root_regions=0 ignores registered regions.
// RUN: %clangxx -g -O0 -I%S/../../../include %s -o %t
// RUN: %expect_exit 0 %t keep 2>&1 | FileCheck %s --check-prefix=KEEP --allow-empty
// The program's own mappings are roots by default (use_mmap; test/lit/leaks/mmap_roots.cpp):
// off here, so what the region holds is a leak once it is no longer a root region.
// RUN: env LEAKSCOPE_OPTIONS=use_mmap=0 %expect_exit 23 %t unregister 2>&1 | FileCheck %s --check-prefix=DROP
// RUN: env LEAKSCOPE_OPTIONS=use_root_regions=0:use_mmap=0 %expect_exit 23 %t keep 2>&1 | FileCheck %s --check-prefix=DROP
// RUN: %expect_exit 1 %t bogus 2>&1 | FileCheck %s --check-prefix=BOGUS
#include <leakscope/leakscope.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "Inputs/lsan_api.h"

int main(int argc, char **argv) {
  void **region = (void **)mmap(nullptr, 4096, PROT_READ | PROT_WRITE,
                                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (!strcmp(argv[1], "bogus")) {
    __lsan_unregister_root_region(region, 4096);
    return 0;
  }
  __lsan_register_root_region(region, 4096);
  region[0] = malloc(123);
  region[100] = malloc(456);
  __leakscope_register_root_region(region + 200, 8);  // LeakScope's name works too
  region[200] = malloc(789);
  if (!strcmp(argv[1], "unregister")) {
    __lsan_unregister_root_region(region, 4096);
    __leakscope_unregister_root_region(region + 200, 8);
  }
  return 0;
}
// KEEP-NOT: leak
// DROP: Direct leak of 789 byte(s) in 1 object(s)
// DROP: Direct leak of 456 byte(s) in 1 object(s)
// DROP: Direct leak of 123 byte(s) in 1 object(s)
// DROP: SUMMARY: LeakScope: 1368 byte(s) leaked in 3 allocation(s).
// BOGUS: LeakScope: __lsan_unregister_root_region(0x{{[0-9a-f]+}}, 4096): no such root region

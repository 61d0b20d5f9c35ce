// operator new calls the std::new_handler while the allocation fails, as the standard
// says, until the handler removes itself (then the throwing forms throw std::bad_alloc
// and the nothrow forms return null) or throws itself (the exception reaches the
// program). LeakScope's operator new never called the handler.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %t remove 2>&1 | FileCheck %s --check-prefix=REMOVE
// RUN: %t nothrow 2>&1 | FileCheck %s --check-prefix=NOTHROW
// RUN: %t throw 2>&1 | FileCheck %s --check-prefix=THROW
// RUN: %t none 2>&1 | FileCheck %s --check-prefix=NONE
// The preloaded runtime (no libstdc++ of its own) finds the handler the same way.
// RUN: %plain_clangxx -g -O0 %s -o %t.plain
// RUN: env LD_PRELOAD=%rt_so %t.plain remove 2>&1 | FileCheck %s --check-prefix=REMOVE
// RUN: env LD_PRELOAD=%rt_so %t.plain throw 2>&1 | FileCheck %s --check-prefix=THROW
#include <new>
#include <stdio.h>
#include <string.h>

static int calls;
static void RemovingHandler() {
  if (++calls == 3) std::set_new_handler(nullptr);
}
static void ThrowingHandler() {
  ++calls;
  throw std::bad_alloc();
}

int main(int argc, char **argv) {
  size_t huge = (size_t)1 << 50;  // more than any allocator serves
  const char *mode = argv[1];
  if (!strcmp(mode, "nothrow")) {
    std::set_new_handler(RemovingHandler);
    void *p = new (std::nothrow) char[huge];
    printf("nothrow new returned %s after %d handler calls\n", p ? "memory" : "null", calls);
    return 0;
  }
  if (!strcmp(mode, "remove")) std::set_new_handler(RemovingHandler);
  if (!strcmp(mode, "throw")) std::set_new_handler(ThrowingHandler);
  try {
    char *p = new char[huge];
    printf("new returned %p\n", (void *)p);
  } catch (const std::bad_alloc &) {
    printf("bad_alloc caught after %d handler calls\n", calls);
  }
  char *small = new char[16];  // the allocator still works
  delete[] small;
  puts("still allocating");
  return 0;
}
// REMOVE: bad_alloc caught after 3 handler calls
// REMOVE-NEXT: still allocating
// NOTHROW: nothrow new returned null after 3 handler calls
// THROW: bad_alloc caught after 1 handler calls
// THROW-NEXT: still allocating
// NONE: bad_alloc caught after 0 handler calls

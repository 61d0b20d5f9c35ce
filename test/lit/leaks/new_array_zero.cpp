// `new T[0]` for a T with a destructor: the 8-byte chunk holds the array cookie (the
// element count, 0) and the program's only pointer points just past it, at the end of
// the chunk. LeakSanitizer does not report it; neither does LeakScope. The rule is
// narrow: an 8-byte chunk from operator new[] whose cookie is 0, pointed to at its end.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %expect_exit 0 %t held 2>&1 | FileCheck --check-prefix=HELD %s
// HELD: held: done
// HELD-NOT: leak of
// The same chunk is reported once the pointer is gone (positive control), and an
// 8-byte malloc block pointed to only at its end is still a leak (the rule is about
// operator new[] only), as is a new char[8] with a non-zero first word:
// RUN: %expect_exit 23 %t dropped 2>&1 | FileCheck --check-prefix=DROPPED %s
// DROPPED: dropped: done
// DROPPED-COUNT-3: Direct leak of 8 byte(s) in 1 object(s) allocated from:
// DROPPED: SUMMARY: LeakScope: 24 byte(s) leaked in 3 allocation(s).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct WithDtor {
  ~WithDtor() { fprintf(stderr, "never\n"); }
  int x;
};

WithDtor *volatile array;
char *volatile past_malloc;
char *volatile past_chars;

__attribute__((noinline)) void make() {
  array = new WithDtor[0];
  past_malloc = (char *)calloc(1, 8) + 8;
  char *c = new char[8];
  memset(c, 1, 8);
  past_chars = c + 8;
}

int main(int argc, char **argv) {
  bool drop = argc > 1 && !strcmp(argv[1], "dropped");
  make();
  if (drop) array = nullptr;
  fprintf(stderr, "%s: done\n", argv[1]);
  if (!drop) {  // only the array is held
    past_malloc -= 8;
    past_chars -= 8;
  }
  return 0;
}

// A block allocated before a throw and never freed on the exception path is a leak,
// reported with the stack of its allocation; the exception itself is caught and its
// object freed, so it is not reported.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | FileCheck %s
#include <stdexcept>
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) void parse(const char *s) {
  char *buffer = (char *)malloc(333);
  if (s[0] != '{') throw std::runtime_error("bad input");  // buffer is lost here
  free(buffer);
}

int main() {
  try {
    parse("oops");
  } catch (const std::exception &e) {
    fprintf(stderr, "caught: %s\n", e.what());
  }
  return 0;
}
// CHECK: caught: bad input
// CHECK: Direct leak of 333 byte(s) in 1 object(s) allocated from:
// CHECK: in parse(char const*) {{.*}}exception_path.cpp:11
// CHECK: SUMMARY: LeakScope: 333 byte(s) leaked in 1 allocation(s).

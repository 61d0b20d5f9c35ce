// The thread that runs the check scans its own TLS too: a block held only by main's
// thread_local variable is reachable when main calls exit(); with use_tls=0 it leaks.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: %t 2>&1 | FileCheck %s --check-prefix=LIVE --allow-empty
// RUN: env LEAKSCOPE_OPTIONS=use_tls=0 %expect_exit 23 %t 2>&1 | FileCheck %s --check-prefix=NOTLS
#include <stdlib.h>
#include <string.h>

thread_local void *tls_ptr;

__attribute__((noinline)) static void Set() { tls_ptr = malloc(5101); }

__attribute__((noinline)) static void Clobber() {
  char buf[2048];
  memset(buf, 0, sizeof(buf));
  asm volatile("" ::"r"(buf) : "memory");
}

int main() {
  Set();
  Clobber();
  exit(0);
}
// LIVE-NOT: leak
// NOTLS: Direct leak of 5101 byte(s) in 1 object(s) allocated from:
// NOTLS: SUMMARY: LeakScope: 5101 byte(s) leaked in 1 allocation(s).

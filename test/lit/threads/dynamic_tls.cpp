// Dynamic TLS: a dlopen'ed library's thread_local lives in a block ld.so allocates
// with malloc, found through the thread's DTV (also from malloc). Neither block is a
// leak, and a block held only by that thread_local is reachable while its thread
// lives. After the thread is joined, ld.so keeps its DTV for the cached stack: still
// not a leak, but the block the thread stored and dropped is.
// RUN: %plain_clangxx -g -O0 -fPIC -shared -DLIB %s -o %t.so
// RUN: %clangxx -g -O0 %s -o %t -ldl
// RUN: %t %t.so 2>&1 | FileCheck %s --check-prefix=LIVE --allow-empty
// RUN: %expect_exit 23 %t %t.so joined 2>&1 | FileCheck %s --check-prefix=JOINED
#ifdef LIB
#include <stdlib.h>
static thread_local void *lib_tls_ptr;
extern "C" void SetLibTls(size_t n) { lib_tls_ptr = malloc(n); }
extern "C" void DropLibTls() { lib_tls_ptr = nullptr; }
#else
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void (*set_lib_tls)(size_t);
static void (*drop_lib_tls)();
static volatile int ready;
static bool joined;

static void *Worker(void *) {
  set_lib_tls(6001);
  if (joined) {
    drop_lib_tls();
    return nullptr;
  }
  __atomic_store_n(&ready, 1, __ATOMIC_RELEASE);
  for (;;) pause();
}

int main(int argc, char **argv) {
  void *lib = dlopen(argv[1], RTLD_NOW);
  if (!lib) {
    fprintf(stderr, "dlopen: %s\n", dlerror());
    return 1;
  }
  set_lib_tls = (void (*)(size_t))dlsym(lib, "SetLibTls");
  drop_lib_tls = (void (*)())dlsym(lib, "DropLibTls");
  joined = argc > 2;
  pthread_t t;
  pthread_create(&t, nullptr, Worker, nullptr);
  if (joined) pthread_join(t, nullptr);
  else
    while (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) usleep(1000);
  exit(0);
}
#endif
// LIVE-NOT: leak
// JOINED-NOT: allocate_dtv
// JOINED-NOT: tls_get_addr
// JOINED: Direct leak of 6001 byte(s) in 1 object(s) allocated from:
// JOINED-NOT: allocate_dtv
// JOINED-NOT: tls_get_addr
// JOINED: SUMMARY: LeakScope: 6001 byte(s) leaked in 1 allocation(s).

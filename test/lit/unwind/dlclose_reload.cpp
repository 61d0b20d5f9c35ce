// Modules loaded and unloaded while the program runs: a library without frame
// pointers is loaded, allocates, is closed, and a different library is loaded (at the
// same address, as the loader usually reuses it) and allocates. Both stacks are
// complete and right: the second library's frames are walked by its own CFI, not by
// the rules compiled for the one closed before it.
// RUN: %plain_clangxx -g -O2 -fomit-frame-pointer -shared -fPIC -DVARIANT=1 %S/Inputs/nofp_lib.cpp -o %t.1.so
// RUN: %plain_clangxx -g -O2 -fomit-frame-pointer -shared -fPIC -DVARIANT=2 %S/Inputs/nofp_lib.cpp -o %t.2.so
// RUN: %clangxx -g -O0 %s -o %t -ldl
// RUN: %expect_exit 23 %t %t.1.so %t.2.so 2>&1 | FileCheck %s
#include <dlfcn.h>
#include <stdio.h>

void *volatile keep[2];

__attribute__((noinline)) void *LoadAndAllocate(const char *path) {
  void *lib = dlopen(path, RTLD_NOW);
  if (!lib) {
    fprintf(stderr, "dlopen: %s\n", dlerror());
    return nullptr;
  }
  ((void (*)())dlsym(lib, "LibAllocate"))();
  void *block = *(void **)dlsym(lib, "lib_sink");
  fprintf(stderr, "loaded at %p\n", dlsym(lib, "LibAllocate"));
  dlclose(lib);
  return block;
}

int main(int argc, char **argv) {
  keep[0] = LoadAndAllocate(argv[1]);
  keep[1] = LoadAndAllocate(argv[2]);
  keep[0] = keep[1] = nullptr;
  return 0;
}
// The library is closed, so its frame has no module any more; LibAllocate tail-calls
// the allocating function, so that frame is the only one of the library. Deep2 keeps
// a 512-byte frame where Deep1 keeps none: walked by Deep1's rules, the second stack
// would not reach LoadAndAllocate.
// CHECK: Direct leak of 400 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 {{.*}} in malloc
// CHECK-NEXT: #1 {{.*}}(<unknown module>)
// CHECK-NEXT: #2 {{.*}} in LoadAndAllocate(char const*) {{.*}}dlclose_reload.cpp:21
// CHECK-NEXT: #3 {{.*}} in main {{.*}}dlclose_reload.cpp:30
// CHECK: Direct leak of 300 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 {{.*}} in malloc
// CHECK-NEXT: #1 {{.*}}(<unknown module>)
// CHECK-NEXT: #2 {{.*}} in LoadAndAllocate(char const*) {{.*}}dlclose_reload.cpp:21
// CHECK-NEXT: #3 {{.*}} in main {{.*}}dlclose_reload.cpp:29

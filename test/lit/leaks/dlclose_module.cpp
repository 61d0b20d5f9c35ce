// A leak allocated in a shared library that is closed (dlclose) before exit is still
// reported, without a crash. The library's code and data are gone, so no module
// contains its frames (JSON "module": null) and debug info cannot be read; the
// allocation call still shows its function and file:line, from the depot's copy of
// the pass's site record. The caller's frames in the executable are symbolized as usual.
// RUN: %clangxx -g -O0 -shared -fPIC %S/Inputs/leaky_plugin.cpp -o %t.so
// RUN: %clangxx -g -O0 %s -o %t -ldl
// RUN: %expect_exit 23 %t %t.so 2>&1 | FileCheck %s
// RUN: env LEAKSCOPE_OPTIONS=json_path=%t.json %expect_exit 23 %t %t.so
// RUN: %check_report json %t.json.* | FileCheck %s --check-prefix=JSON
// RUN: rm -f %t.json.*
#include <dlfcn.h>
#include <stdio.h>

int main(int argc, char **argv) {
  void *lib = dlopen(argv[1], RTLD_NOW);
  if (!lib) {
    fprintf(stderr, "dlopen: %s\n", dlerror());
    return 1;
  }
  void (*leak)() = (void (*)())dlsym(lib, "plugin_leak");
  leak();
  if (dlclose(lib)) return 1;
  fprintf(stderr, "closed\n");
  return 0;
}
// CHECK: closed
// CHECK: Direct leak of 555 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 {{.*}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in plugin_leak {{.*}}leaky_plugin.cpp:7:17
// CHECK-NEXT: #2 0x{{[0-9a-f]+}} in main {{.*}}dlclose_module.cpp:22
// CHECK: SUMMARY: LeakScope: 555 byte(s) leaked in 1 allocation(s).

// JSON: leak check=1 direct bytes=555 objects=1 site=leaky_plugin.cpp:7 frames=3
// JSON-NEXT: unknown-module frame #1 function=plugin_leak

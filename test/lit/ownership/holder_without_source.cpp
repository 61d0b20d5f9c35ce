// An indirect leak whose holder was allocated where nothing has debug information (a
// stripped library, here a program built without -g) names the holder by its first
// frames as the report prints them, function and module offset, never by an internal
// stack number; the text, HTML and JSON reports agree.
// RUN: %clangxx -g0 -O0 %s -o %t
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: env LEAKSCOPE_OPTIONS=html_path=%t.d/report:json_path=%t.d/leaks %expect_exit 23 %t 2>&1 | FileCheck %s
// RUN: cat %t.d/report* | FileCheck %s --check-prefix=HTML
// RUN: cat %t.d/leaks* | FileCheck %s --check-prefix=JSON
#include <stdlib.h>

struct Holder {
  void *child;
  long pad;
};

Holder *volatile g_holder;

extern "C" __attribute__((noinline)) Holder *MakeHolder() {
  Holder *h = (Holder *)calloc(1, sizeof(Holder));
  h->child = malloc(48);
  return h;
}

extern "C" __attribute__((noinline)) void Build() { g_holder = MakeHolder(); }

int main() {
  Build();
  g_holder = nullptr;  // the holder is lost, and its child with it
  return 0;
}
// CHECK: Direct leak of 16 byte(s) in 1 object(s) allocated from:
// CHECK: Indirect leak of 48 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: held by: direct leak at MakeHolder (holder_without_source.cpp.tmp+0x{{[0-9a-f]+}}) from Build (holder_without_source.cpp.tmp+0x{{[0-9a-f]+}}){{$}}
// HTML: held by: <a href="#{{[^"]+}}">direct leak</a> at MakeHolder (holder_without_source.cpp.tmp+0x{{[0-9a-f]+}}) from Build (holder_without_source.cpp.tmp+0x{{[0-9a-f]+}})</li>
// JSON: "held_by":[{"function":"MakeHolder","file":null,"line":0,"module":"{{[^"]*}}holder_without_source.cpp.tmp","module_offset":"0x{{[0-9a-f]+}}"}]

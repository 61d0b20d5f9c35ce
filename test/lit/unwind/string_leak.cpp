// A leaked std::string's buffer is allocated inside libstdc++ (_M_create / _M_mutate),
// which has no frame pointers: the stack still reaches the program's MakeWidget and
// main, by the library's CFI. With fast_unwind_on_malloc=1 (frame pointers only) the
// same stack loses those frames: the positive control that the CFI walk is what
// finds them.
// RUN: %clangxx -g -O0 %s -o %t0
// RUN: %expect_exit 23 %t0 2>&1 | FileCheck %s
// RUN: %clangxx -g -O2 %s -o %t2
// RUN: %expect_exit 23 %t2 2>&1 | FileCheck %s
// RUN: env LEAKSCOPE_OPTIONS=fast_unwind_on_malloc=1 %expect_exit 23 %t2 2>&1 | FileCheck %s --check-prefix=FP
#include <string>

struct Widget {
  std::string name;
};

Widget *volatile sink;

__attribute__((noinline)) Widget *MakeWidget(const char *prefix) {
  Widget *w = new Widget;
  w->name = prefix;
  w->name += " widget with a name too long for the small-string buffer";
  return w;
}

int main() {
  sink = MakeWidget("a");
  sink = nullptr;
  return 0;
}
// The string's buffer, allocated in libstdc++, reached from MakeWidget and main.
// CHECK: Indirect leak of {{[0-9]+}} byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: held by: direct leak at MakeWidget(char const*) {{.*}}string_leak.cpp:20{{$}}
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in operator new
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in std::__cxx11::basic_string{{.*}}libstdc++.so
// CHECK: in MakeWidget(char const*) {{.*}}string_leak.cpp:22
// CHECK-NEXT: in main {{.*}}string_leak.cpp:27
// CHECK-NEXT: {{^$}}
// FP: Indirect leak of {{[0-9]+}} byte(s) in 1 object(s) allocated from:
// FP-NEXT: held by: direct leak at MakeWidget(char const*)
// FP-NEXT: #0 0x{{[0-9a-f]+}} in operator new
// FP-NOT: MakeWidget
// FP: SUMMARY

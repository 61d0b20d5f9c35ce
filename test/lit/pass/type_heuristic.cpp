// Without -g there is no !heapallocsite: the type comes from the constructor called on
// the allocation (`new Widget(n)`, not inlined at -O0); an array of a class type with
// debug info gets its element type.
// RUN: %clangxx -O0 %s -o %t && %expect_exit 23 %t 2>&1 | FileCheck %s
// RUN: %clangxx -O0 -g %s -o %tg && %expect_exit 23 %tg 2>&1 | FileCheck %s --check-prefix=DEBUG
namespace app {
struct Widget {
  explicit Widget(int n) : n(n), next(nullptr) {}
  int n;
  Widget *next;
};
}  // namespace app

app::Widget *volatile sink;
long *volatile sink_array;

int main() {
  sink = new app::Widget(7);
  sink = nullptr;
  sink_array = new long[5];
  sink_array = nullptr;
  return 0;
}
// Without -g the frames still name the function, with module+offset for the position.
// CHECK: Direct leak of 40 byte(s) in 1 object(s) allocated from:
// CHECK-NOT: type:
// CHECK: #1 0x{{[0-9a-f]+}} in main ({{.*}}+0x{{[0-9a-f]+}})
// CHECK: Direct leak of 16 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: type: app::Widget
// CHECK: #1 0x{{[0-9a-f]+}} in main ({{.*}}+0x{{[0-9a-f]+}})
// DEBUG: Direct leak of 40 byte(s) in 1 object(s) allocated from:
// DEBUG-NEXT: type: long
// DEBUG: Direct leak of 16 byte(s) in 1 object(s) allocated from:
// DEBUG-NEXT: type: app::Widget

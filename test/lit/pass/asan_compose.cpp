// The pass composes with -fsanitize=address: clang runs ASan after the plugin, and
// ASan leaves the pass's !nosanitize loads and stores (epoch, shadow byte) alone. The
// object gets ASan's 4-byte store check for the program's own store and no 1-byte
// checks (our i8 accesses would get those). (The two runtimes both define malloc, so
// the test compiles but does not link them together.)
// RUN: %clangxx -O1 -fsanitize=address -S -emit-llvm %s -o - | FileCheck %s
// CHECK-LABEL: define {{.*}} @_Z5storePi(
// CHECK: __leakscope_epoch
// CHECK-NOT: call void @__asan_report_load1
// CHECK-NOT: call void @__asan_report_store1
// CHECK: call void @__asan_report_store4
// CHECK-NOT: call void @__asan_report_load1
// CHECK-NOT: call void @__asan_report_store1
// CHECK: {{^}}}
void store(int *p) { *p = 1; }

; The runtime's own functions (named __leakscope_*) are never instrumented; other
; functions in the same module are.
; RUN: %opt -passes=leakscope -S %s | FileCheck %s

define void @__leakscope_helper(ptr %p) {
; CHECK-LABEL: define void @__leakscope_helper(
; CHECK-NOT: ptrtoint
; CHECK: store i32 1, ptr %p
  store i32 1, ptr %p, align 4
  ret void
}

define void @user(ptr %p) {
; CHECK-LABEL: define void @user(
; CHECK: ptrtoint ptr %p to i64
; CHECK: store i32 1, ptr %p
  store i32 1, ptr %p, align 4
  ret void
}

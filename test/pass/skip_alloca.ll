; Stores into allocas (directly, through GEPs, or through a select of two allocas) are
; stack memory and never instrumented, whether or not the alloca escapes.
; RUN: %opt -passes=leakscope -S %s | FileCheck %s

declare void @escape(ptr)

define void @f(i1 %c) {
; CHECK-LABEL: define void @f(
; CHECK-NOT: __leakscope_epoch
; CHECK-NOT: ptrtoint
; CHECK: ret void
  %a = alloca [4 x i32], align 4
  %b = alloca i32, align 4
  store i32 1, ptr %a, align 4
  %e = getelementptr inbounds [4 x i32], ptr %a, i64 0, i64 2
  store i32 2, ptr %e, align 4
  %s = select i1 %c, ptr %a, ptr %b
  store i32 3, ptr %s, align 4
  call void @escape(ptr %b)
  store i32 4, ptr %b, align 4
  ret void
}

; A byval argument is the callee's own stack copy.
define void @g(ptr byval(i32) %v) {
; CHECK-LABEL: define void @g(
; CHECK-NOT: ptrtoint
; CHECK: ret void
  store i32 5, ptr %v, align 4
  ret void
}

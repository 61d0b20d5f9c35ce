; A memcpy into memory that may be heap calls __leakscope_shadow_range(dst, len) behind
; the heap range check (no inline loop); the source is not a write and is left alone.
; RUN: %opt -passes=leakscope -S %s | FileCheck %s

declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)

define void @f(ptr %p, ptr %src, i64 %n) {
; CHECK-LABEL: define void @f(
; CHECK: %[[A:[0-9]+]] = ptrtoint ptr %p to i64, !nosanitize
; CHECK-NEXT: %[[HI:[0-9]+]] = lshr i64 %[[A]], 41, !nosanitize
; CHECK-NEXT: %[[IN:[0-9]+]] = icmp eq i64 %[[HI]], 40, !nosanitize
; CHECK-NEXT: br i1 %[[IN]], label %[[HEAP:[0-9]+]], label %[[CONT:[0-9]+]], !nosanitize
; CHECK: [[HEAP]]:
; CHECK-NEXT: call void @__leakscope_shadow_range(ptr %p, i64 %n), !nosanitize
; CHECK-NEXT: br label %[[CONT]], !nosanitize
; CHECK: [[CONT]]:
; CHECK-NEXT: call void @llvm.memcpy.p0.p0.i64(ptr %p, ptr %src, i64 %n, i1 false)
; CHECK-NEXT: ret void
  call void @llvm.memcpy.p0.p0.i64(ptr %p, ptr %src, i64 %n, i1 false)
  ret void
}
; CHECK: declare void @__leakscope_shadow_range(ptr, i64) #[[RA:[0-9]+]]
; CHECK: attributes #[[RA]] = { nounwind }

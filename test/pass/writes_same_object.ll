; Within a basic block, only the first access to an object is instrumented (the
; runtime asks for an object's epoch); a call in between, which may run long or
; advance the epoch, makes the next access instrumented again. Different objects
; are instrumented separately.
; RUN: %opt -passes=leakscope -S %s | FileCheck %s

declare void @work()

define void @f(ptr %p, ptr %q) {
; CHECK-LABEL: define void @f(
; CHECK: ptrtoint ptr %p to i64
; CHECK-NOT: ptrtoint
; CHECK: store i32 1, ptr %p
; CHECK-NEXT: %f1 = getelementptr inbounds i8, ptr %p, i64 48
; CHECK-NEXT: store i32 2, ptr %f1
; CHECK-NEXT: ptrtoint ptr %q to i64
; CHECK: store i32 3, ptr %q
; CHECK-NEXT: call void @work()
; CHECK-NEXT: %f2 = getelementptr inbounds i8, ptr %p, i64 64
; CHECK-NEXT: ptrtoint ptr %f2 to i64
; CHECK: store i32 4, ptr %f2
  store i32 1, ptr %p, align 4
  %f1 = getelementptr inbounds i8, ptr %p, i64 48
  store i32 2, ptr %f1, align 4
  store i32 3, ptr %q, align 4
  call void @work()
  %f2 = getelementptr inbounds i8, ptr %p, i64 64
  store i32 4, ptr %f2, align 4
  ret void
}

; Without inbounds the GEP may leave the object: instrumented separately.
define void @g(ptr %p) {
; CHECK-LABEL: define void @g(
; CHECK: ptrtoint ptr %p to i64
; CHECK: store i32 1, ptr %p
; CHECK-NEXT: %f = getelementptr i8, ptr %p, i64 4096
; CHECK-NEXT: ptrtoint ptr %f to i64
  store i32 1, ptr %p, align 4
  %f = getelementptr i8, ptr %p, i64 4096
  store i32 2, ptr %f, align 4
  ret void
}

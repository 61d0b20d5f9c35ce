; Within a basic block (or an extended one), only the first access to an object is instrumented (the
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

; A block whose only predecessor already marked the object continues its set; a loop
; header (two predecessors) starts afresh, so every iteration marks again.
define void @h(ptr %p, i1 %c, i64 %n) {
; CHECK-LABEL: define void @h(
; CHECK: ptrtoint ptr %p to i64
; CHECK: store i32 1, ptr %p
; CHECK: then:
; CHECK-NOT: ptrtoint
; CHECK: store i32 2, ptr %p
; CHECK: loop:
; CHECK: ptrtoint ptr %p to i64
; CHECK: store i32 3, ptr %p
entry:
  store i32 1, ptr %p, align 4
  br i1 %c, label %then, label %loop
then:
  store i32 2, ptr %p, align 4
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ 0, %then ], [ %i1, %loop ]
  store i32 3, ptr %p, align 4
  %i1 = add i64 %i, 1
  %done = icmp eq i64 %i1, %n
  br i1 %done, label %exit, label %loop
exit:
  ret void
}

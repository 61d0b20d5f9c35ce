; Within a basic block (or an extended one), only the first access to an object is
; instrumented (the runtime asks for an object's epoch, the latest over its granules);
; a call in between, which may run long or advance the epoch, makes the next access
; instrumented again. Different objects are instrumented separately. The epoch is
; loaded once per such stretch and shared by its accesses.
; RUN: %opt -passes=leakscope -leakscope-track-loads=0 -S %s | FileCheck %s

declare void @work()
declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)

define void @f(ptr %p, ptr %q) {
; CHECK-LABEL: define void @f(
; CHECK: %[[E1:[0-9]+]] = load atomic i8, ptr @__leakscope_epoch
; CHECK-NEXT: ptrtoint ptr %p to i64
; CHECK-NOT: ptrtoint
; CHECK: store i32 1, ptr %p
; CHECK-NEXT: %f1 = getelementptr inbounds i8, ptr %p, i64 48
; CHECK-NEXT: store i32 2, ptr %f1
; A different base is not deduplicated, and shares the epoch already loaded.
; CHECK-NOT: @__leakscope_epoch
; CHECK: ptrtoint ptr %q to i64
; CHECK: icmp ne i8 %{{[0-9]+}}, %[[E1]]
; CHECK: store i32 3, ptr %q
; After a call: instrumented again, with a fresh epoch.
; CHECK-NEXT: call void @work()
; CHECK-NEXT: %f2 = getelementptr inbounds i8, ptr %p, i64 64
; CHECK-NEXT: %[[E2:[0-9]+]] = load atomic i8, ptr @__leakscope_epoch
; CHECK-NEXT: ptrtoint ptr %f2 to i64
; CHECK: icmp ne i8 %{{[0-9]+}}, %[[E2]]
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
; header (two predecessors, one a back edge) starts afresh, so every iteration marks
; again.
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

; Mem intrinsics count as accesses to their destination object: a store after a memset
; of the same object is not instrumented, nor a memcpy into an object already stored to.
define void @intrinsics(ptr %p, ptr %q, ptr %src, i64 %n) {
; CHECK-LABEL: define void @intrinsics(
; CHECK: ptrtoint ptr %p to i64
; CHECK: call void @llvm.memset.p0.i64(ptr %p, i8 0, i64 %n, i1 false)
; CHECK-NEXT: %f = getelementptr inbounds i8, ptr %p, i64 8
; CHECK-NEXT: store i32 1, ptr %f
; CHECK-NEXT: ptrtoint ptr %q to i64
; CHECK: store i32 2, ptr %q
; CHECK-NEXT: call void @llvm.memcpy.p0.p0.i64(ptr %q, ptr %src, i64 16, i1 false)
; CHECK-NEXT: ret void
  call void @llvm.memset.p0.i64(ptr %p, i8 0, i64 %n, i1 false)
  %f = getelementptr inbounds i8, ptr %p, i64 8
  store i32 1, ptr %f, align 4
  store i32 2, ptr %q, align 4
  call void @llvm.memcpy.p0.p0.i64(ptr %q, ptr %src, i64 16, i1 false)
  ret void
}

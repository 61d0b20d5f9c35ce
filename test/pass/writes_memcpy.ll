; A memcpy into memory that may be heap marks one granule of its destination, inline,
; like a store: the runtime asks for the epoch of an object (the latest over its
; granules), so one current granule makes the whole destination object current, and
; no call is made. A length that may be 0 is tested (a 0-byte memcpy at the end of a
; chunk would otherwise mark the next chunk); a constant length needs no test, and a
; constant 0 writes nothing. The source is read, not written: left alone.
; No call into the runtime anywhere (--implicit-check-not); the second RUN is its
; positive control: the same output with one such call added fails the check.
; RUN: %opt -passes=leakscope -S %s | FileCheck %s --implicit-check-not='call {{.*}}@__leakscope'
; RUN: %opt -passes=leakscope -S %s | sed '/^define void @f(/a\  call void @__leakscope_mark(ptr null)' \
; RUN:   | not FileCheck %s --implicit-check-not='call {{.*}}@__leakscope' 2>&1 | FileCheck --check-prefix=CONTROL %s
; CONTROL: error: IMPLICIT-CHECK-NOT: excluded string found in input
; CONTROL: note: found here
; CONTROL-NEXT: call void @__leakscope_mark(ptr null)

declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)

define void @f(ptr %p, ptr %src, i64 %n) {
; CHECK-LABEL: define void @f(
; CHECK: %[[E:[0-9]+]] = load atomic i8, ptr @__leakscope_epoch monotonic, align 1, !nosanitize
; CHECK-NEXT: %[[A:[0-9]+]] = ptrtoint ptr %p to i64, !nosanitize
; CHECK-NEXT: %[[HI:[0-9]+]] = lshr i64 %[[A]], 41, !nosanitize
; CHECK-NEXT: %[[INR:[0-9]+]] = icmp eq i64 %[[HI]], 40, !nosanitize
; CHECK-NEXT: %[[NZ:[0-9]+]] = icmp ne i64 %n, 0, !nosanitize
; CHECK-NEXT: %[[IN:[0-9]+]] = and i1 %[[INR]], %[[NZ]], !nosanitize
; CHECK-NEXT: br i1 %[[IN]], label %[[CHECK:[0-9]+]], label %[[CONT:[0-9]+]], !nosanitize
; CHECK: [[CHECK]]:
; CHECK-NEXT: %[[G:[0-9]+]] = lshr i64 %[[A]], 4, !nosanitize
; CHECK-NEXT: %[[S:[0-9]+]] = inttoptr i64 %[[G]] to ptr, !nosanitize
; CHECK-NEXT: %[[OLD:[0-9]+]] = load atomic i8, ptr %[[S]] unordered, align 1, !nosanitize
; CHECK-NEXT: %[[NE:[0-9]+]] = icmp ne i8 %[[OLD]], %[[E]], !nosanitize
; CHECK-NEXT: br i1 %[[NE]], label %[[MARK:[0-9]+]], label %[[CONT]], !prof ![[COLD:[0-9]+]], !nosanitize
; CHECK: [[MARK]]:
; CHECK-NEXT: store atomic i8 %[[E]], ptr %[[S]] unordered, align 1, !nosanitize
; CHECK-NEXT: br label %[[CONT]], !nosanitize
; CHECK: [[CONT]]:
; CHECK-NEXT: call void @llvm.memcpy.p0.p0.i64(ptr %p, ptr %src, i64 %n, i1 false)
; CHECK-NEXT: ret void
  call void @llvm.memcpy.p0.p0.i64(ptr %p, ptr %src, i64 %n, i1 false)
  ret void
}

define void @constant(ptr %p, ptr %src) {
; CHECK-LABEL: define void @constant(
; CHECK: %[[E:[0-9]+]] = load atomic i8, ptr @__leakscope_epoch monotonic, align 1, !nosanitize
; CHECK-NEXT: %[[A:[0-9]+]] = ptrtoint ptr %p to i64, !nosanitize
; CHECK-NEXT: %[[HI:[0-9]+]] = lshr i64 %[[A]], 41, !nosanitize
; CHECK-NEXT: %[[IN:[0-9]+]] = icmp eq i64 %[[HI]], 40, !nosanitize
; CHECK-NEXT: br i1 %[[IN]], label %[[CHECK:[0-9]+]], label %[[CONT:[0-9]+]], !nosanitize
; CHECK: [[CHECK]]:
; CHECK-NEXT: %[[G:[0-9]+]] = lshr i64 %[[A]], 4, !nosanitize
; CHECK-NEXT: %[[S:[0-9]+]] = inttoptr i64 %[[G]] to ptr, !nosanitize
; CHECK-NEXT: %[[OLD:[0-9]+]] = load atomic i8, ptr %[[S]] unordered, align 1, !nosanitize
; CHECK-NEXT: %[[NE:[0-9]+]] = icmp ne i8 %[[OLD]], %[[E]], !nosanitize
; CHECK-NEXT: br i1 %[[NE]], label %[[MARK:[0-9]+]], label %[[CONT]], !prof ![[COLD:[0-9]+]], !nosanitize
; CHECK: [[MARK]]:
; CHECK-NEXT: store atomic i8 %[[E]], ptr %[[S]] unordered, align 1, !nosanitize
; CHECK-NEXT: br label %[[CONT]], !nosanitize
; CHECK: [[CONT]]:
; CHECK-NEXT: call void @llvm.memcpy.p0.p0.i64(ptr %p, ptr %src, i64 32, i1 false)
; CHECK-NEXT: ret void
  call void @llvm.memcpy.p0.p0.i64(ptr %p, ptr %src, i64 32, i1 false)
  ret void
}

define void @zero(ptr %p, ptr %src) {
; CHECK-LABEL: define void @zero(
; CHECK-NOT: ptrtoint
; CHECK: ret void
  call void @llvm.memcpy.p0.p0.i64(ptr %p, ptr %src, i64 0, i1 false)
  ret void
}

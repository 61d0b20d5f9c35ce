; A cmpxchg gets the range check, the epoch load and the check-before-write of
; its shadow byte (p >> 4), right before it, the mark being the cold path; every inserted instruction is !nosanitize.
; RUN: %opt -passes=leakscope -S %s | FileCheck %s

define void @f(ptr %p) {
; CHECK-LABEL: define void @f(
; CHECK: %[[A:[0-9]+]] = ptrtoint ptr %p to i64, !nosanitize
; CHECK-NEXT: %[[HI:[0-9]+]] = lshr i64 %[[A]], 41, !nosanitize
; CHECK-NEXT: %[[IN:[0-9]+]] = icmp eq i64 %[[HI]], 40, !nosanitize
; CHECK-NEXT: %[[G:[0-9]+]] = lshr i64 %[[A]], 4, !nosanitize
; CHECK-NEXT: %[[SH:[0-9]+]] = inttoptr i64 %[[G]] to ptr, !nosanitize
; CHECK-NEXT: %[[S:[0-9]+]] = select i1 %[[IN]], ptr %[[SH]], ptr @__leakscope_epoch, !nosanitize
; CHECK-NEXT: %[[E:[0-9]+]] = load atomic i8, ptr @__leakscope_epoch monotonic, align 1, !nosanitize
; CHECK-NEXT: %[[OLD:[0-9]+]] = load atomic i8, ptr %[[S]] monotonic, align 1, !nosanitize
; CHECK-NEXT: %[[NE:[0-9]+]] = icmp ne i8 %[[OLD]], %[[E]], !nosanitize
; CHECK-NEXT: %[[MARK:[0-9]+]] = and i1 %[[IN]], %[[NE]], !nosanitize
; CHECK-NEXT: br i1 %[[MARK]], label %[[MARKBB:[0-9]+]], label %[[CONT:[0-9]+]], !prof ![[COLD:[0-9]+]], !nosanitize
; CHECK: [[MARKBB]]:
; CHECK-NEXT: store atomic i8 %[[E]], ptr %[[S]] monotonic, align 1, !nosanitize
; CHECK-NEXT: br label %[[CONT]], !nosanitize
; CHECK: [[CONT]]:
; CHECK-NEXT: %r = cmpxchg ptr %p, i32 0, i32 1 seq_cst seq_cst, align 4
; CHECK-NEXT: ret void
  %r = cmpxchg ptr %p, i32 0, i32 1 seq_cst seq_cst, align 4
  ret void
}
; CHECK: ![[COLD]] = !{!"branch_weights", i32 1, i32 {{[0-9]+}}}

; An atomic store gets the range check, the epoch load and the check-before-write of
; its shadow byte, right before it; every inserted instruction is !nosanitize.
; RUN: %opt -passes=leakscope -S %s | FileCheck %s

define void @f(ptr %p) {
; CHECK-LABEL: define void @f(
; CHECK: %[[A:[0-9]+]] = ptrtoint ptr %p to i64, !nosanitize
; CHECK-NEXT: %[[OFF:[0-9]+]] = sub i64 %[[A]], 87960930222080, !nosanitize
; CHECK-NEXT: %[[IN:[0-9]+]] = icmp ult i64 %[[OFF]], 2199023255552, !nosanitize
; CHECK-NEXT: br i1 %[[IN]], label %[[HEAP:[0-9]+]], label %[[CONT:[0-9]+]], !nosanitize
; CHECK: [[HEAP]]:
; CHECK-NEXT: %[[E:[0-9]+]] = load atomic i8, ptr @__leakscope_epoch monotonic, align 1, !nosanitize
; CHECK-NEXT: %[[G:[0-9]+]] = lshr i64 %[[OFF]], 4, !nosanitize
; CHECK-NEXT: %[[SA:[0-9]+]] = add i64 %[[G]], 92358976733184, !nosanitize
; CHECK-NEXT: %[[S:[0-9]+]] = inttoptr i64 %[[SA]] to ptr, !nosanitize
; CHECK-NEXT: %[[OLD:[0-9]+]] = load atomic i8, ptr %[[S]] monotonic, align 1, !nosanitize
; CHECK-NEXT: %[[NE:[0-9]+]] = icmp ne i8 %[[OLD]], %[[E]], !nosanitize
; CHECK-NEXT: br i1 %[[NE]], label %[[MARK:[0-9]+]], label %[[DONE:[0-9]+]], !nosanitize
; CHECK: [[MARK]]:
; CHECK-NEXT: store atomic i8 %[[E]], ptr %[[S]] monotonic, align 1, !nosanitize
; CHECK-NEXT: br label %[[DONE]], !nosanitize
; CHECK: [[DONE]]:
; CHECK-NEXT: br label %[[CONT]], !nosanitize
; CHECK: [[CONT]]:
; CHECK-NEXT: store atomic i32 1, ptr %p seq_cst, align 4
; CHECK-NEXT: ret void
  store atomic i32 1, ptr %p seq_cst, align 4
  ret void
}

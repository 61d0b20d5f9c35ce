; A plain store through a pointer that may be heap gets, right before it: the epoch load (once per stretch of code without calls),
; the heap range check (p >> 41), then the check-before-write of its shadow byte (p >> 4,
; an unordered load folded into the compare), the mark being the cold path. Every
; inserted instruction is !nosanitize.
; RUN: %opt -passes=leakscope -S %s | FileCheck %s

define void @f(ptr %p) {
; CHECK-LABEL: define void @f(
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
; CHECK-NEXT: store i32 1, ptr %p, align 4
; CHECK-NEXT: ret void
  store i32 1, ptr %p, align 4
  ret void
}
; CHECK: ![[COLD]] = !{!"branch_weights", i32 1, i32 {{[0-9]+}}}

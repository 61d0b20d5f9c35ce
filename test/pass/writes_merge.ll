; Where paths join, an object counts as marked when every predecessor marked it with
; no call since (the intersection of what the predecessors marked); one path without
; the mark, or with a call after it, makes the access after the join instrumented. The
; loaded epoch is not carried across a join (it would need a phi): reloaded there.
; RUN: %opt -passes=leakscope -S %s | FileCheck %s

declare void @work()

; Both arms stored to %p: the store after the join is not instrumented. %q was stored
; on one arm only: instrumented after the join.
define void @both(ptr %p, ptr %q, i1 %c) {
; CHECK-LABEL: define void @both(
; CHECK: join:
; CHECK-NEXT: load atomic i8, ptr @__leakscope_epoch
; CHECK-NOT: ptrtoint ptr %p
; CHECK: ptrtoint ptr %q to i64
; CHECK-NOT: ptrtoint ptr %p
; CHECK: store i32 4, ptr %q
; CHECK-NEXT: store i32 5, ptr %p
; CHECK-NEXT: ret void
entry:
  br i1 %c, label %a, label %b
a:
  store i32 1, ptr %p, align 4
  store i32 2, ptr %q, align 4
  br label %join
b:
  store i32 3, ptr %p, align 4
  br label %join
join:
  store i32 4, ptr %q, align 4
  store i32 5, ptr %p, align 4
  ret void
}

; A call on one arm after the mark: the store after the join is instrumented.
define void @call_on_one_path(ptr %p, i1 %c) {
; CHECK-LABEL: define void @call_on_one_path(
; CHECK: join:
; CHECK: ptrtoint ptr %p to i64
; CHECK: store i32 3, ptr %p
entry:
  br i1 %c, label %a, label %b
a:
  store i32 1, ptr %p, align 4
  call void @work()
  br label %join
b:
  store i32 2, ptr %p, align 4
  br label %join
join:
  store i32 3, ptr %p, align 4
  ret void
}

; Marked before a diamond that has no access: still marked after it.
define void @diamond(ptr %p, i1 %c, i32 %x) {
; CHECK-LABEL: define void @diamond(
; CHECK: ptrtoint ptr %p to i64
; CHECK-NOT: ptrtoint
; CHECK: ret void
entry:
  store i32 1, ptr %p, align 4
  br i1 %c, label %a, label %join
a:
  %y = add i32 %x, 1
  br label %join
join:
  %v = phi i32 [ %x, %entry ], [ %y, %a ]
  store i32 %v, ptr %p, align 4
  ret void
}

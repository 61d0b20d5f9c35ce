; In an innermost loop without calls, an access executed on every iteration to an
; object fixed for the loop is checked once, in the preheader, on the object's base
; pointer; the loop body has no check. Not hoisted (checked in the loop as before): a
; loop with a call, an access on one path only, a volatile load (spin-waits), and a
; pointer that changes with the iteration (its object may change) and a loop that may
; run zero times.
; RUN: %opt -passes=leakscope -S %s | FileCheck %s
; RUN: env LEAKSCOPE_PASS_OPTIONS=stats=1 %opt -passes=leakscope -disable-output %s 2>&1 | FileCheck %s --check-prefix=STATS
; STATS: 3 accesses in call-free loops checked in the preheader instead
; STATS-NEXT: 2 preheader checks made for them

declare void @work()

; sum += p[i]; p[i] = 0 for i < n: both accesses of p hoisted into one check of %p.
define i32 @sum(ptr %p, i64 %n) {
; CHECK-LABEL: define i32 @sum(
; CHECK: entry:
; CHECK: load atomic i8, ptr @__leakscope_epoch monotonic
; CHECK: ptrtoint ptr %p to i64
; CHECK: loop:
; CHECK-NOT: ptrtoint
; CHECK-NOT: @__leakscope_epoch
; CHECK: ret i32
entry:
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
  %acc = phi i32 [ 0, %entry ], [ %acc.next, %loop ]
  %a = getelementptr inbounds i32, ptr %p, i64 %i
  %v = load i32, ptr %a, align 4
  store i32 0, ptr %a, align 4
  %acc.next = add i32 %acc, %v
  %i.next = add i64 %i, 1
  %done = icmp eq i64 %i.next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret i32 %acc.next
}

; A field of a struct reached through a pointer loaded before the loop: hoisted too.
define void @field(ptr %pp, i64 %n) {
; CHECK-LABEL: define void @field(
; CHECK: entry:
; CHECK: %obj = load ptr, ptr %pp
; CHECK: ptrtoint ptr %obj to i64
; CHECK: loop:
; CHECK-NOT: ptrtoint
; CHECK: ret void
entry:
  %obj = load ptr, ptr %pp, align 8
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
  %f = getelementptr inbounds i8, ptr %obj, i64 8
  store i64 %i, ptr %f, align 8
  %i.next = add i64 %i, 1
  %done = icmp eq i64 %i.next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret void
}

; The loop calls: every iteration checks (the call may run long while the epoch advances).
define void @with_call(ptr %p, i64 %n) {
; CHECK-LABEL: define void @with_call(
; CHECK: loop:
; CHECK: ptrtoint ptr %p to i64
; CHECK: call void @work()
entry:
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
  store i64 %i, ptr %p, align 8
  call void @work()
  %i.next = add i64 %i, 1
  %done = icmp eq i64 %i.next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret void
}

; The store happens on some iterations only: checked where it is.
define void @conditional(ptr %p, i64 %n) {
; CHECK-LABEL: define void @conditional(
; CHECK: then:
; CHECK: ptrtoint ptr %p to i64
; CHECK: store i64 %i, ptr %p
entry:
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %latch ]
  %odd = trunc i64 %i to i1
  br i1 %odd, label %then, label %latch
then:
  store i64 %i, ptr %p, align 8
  br label %latch
latch:
  %i.next = add i64 %i, 1
  %done = icmp eq i64 %i.next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret void
}

; A spin-wait on a volatile flag: checked on every iteration.
define void @spin(ptr %flag) {
; CHECK-LABEL: define void @spin(
; CHECK: loop:
; CHECK: ptrtoint ptr %flag to i64
; CHECK: load volatile i32, ptr %flag
entry:
  br label %loop
loop:
  %v = load volatile i32, ptr %flag, align 4
  %z = icmp eq i32 %v, 0
  br i1 %z, label %loop, label %exit
exit:
  ret void
}

; Walking a list: the pointer is a phi of the loop, a new object every iteration.
define void @list(ptr %head) {
; CHECK-LABEL: define void @list(
; CHECK: loop:
; CHECK: ptrtoint ptr %node to i64
; CHECK: load ptr, ptr %node
entry:
  br label %loop
loop:
  %node = phi ptr [ %head, %entry ], [ %next, %loop ]
  %next = load ptr, ptr %node, align 8
  %end = icmp eq ptr %next, null
  br i1 %end, label %exit, label %loop
exit:
  ret void
}

; A loop that may run zero times (its header tests first): the body is not sure to run
; once the loop is entered, so its store is checked where it is, never on a pointer
; the program might not use.
define void @zero_trip(ptr %p, i64 %n) {
; CHECK-LABEL: define void @zero_trip(
; CHECK: body:
; CHECK: ptrtoint ptr %p to i64
; CHECK: store i64 %i, ptr %p
entry:
  br label %head
head:
  %i = phi i64 [ 0, %entry ], [ %i.next, %body ]
  %more = icmp ult i64 %i, %n
  br i1 %more, label %body, label %exit
body:
  store i64 %i, ptr %p, align 8
  %i.next = add i64 %i, 1
  br label %head
exit:
  ret void
}

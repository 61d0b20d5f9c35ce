; An invoked allocation clears the pending site at the start of its normal destination;
; when that block has other predecessors the edge gets a block of its own. The unwind
; destination is left alone.
; RUN: %opt -passes=leakscope -S %s | FileCheck %s

declare ptr @_Znwm(i64)
declare i32 @__gxx_personality_v0(...)
declare void @g()

define ptr @single_pred() personality ptr @__gxx_personality_v0 {
; CHECK-LABEL: define ptr @single_pred(
; CHECK: store ptr @__leakscope_site, ptr @__leakscope_pending_site
; CHECK-NEXT: %p = invoke ptr @_Znwm(i64 8)
; CHECK-NEXT: to label %ok unwind label %lp
; CHECK: ok:
; CHECK-NEXT: store ptr null, ptr @__leakscope_pending_site, align 8, !nosanitize
; CHECK-NEXT: ret ptr %p
; CHECK: lp:
; CHECK-NOT: __leakscope_pending_site
; CHECK: resume
entry:
  %p = invoke ptr @_Znwm(i64 8) to label %ok unwind label %lp
ok:
  ret ptr %p
lp:
  %l = landingpad { ptr, i32 } cleanup
  resume { ptr, i32 } %l
}

define ptr @shared_dest(i1 %c) personality ptr @__gxx_personality_v0 {
; CHECK-LABEL: define ptr @shared_dest(
; CHECK: %p = invoke ptr @_Znwm(i64 8)
; CHECK-NEXT: to label %[[EDGE:[a-z0-9._]+]] unwind label %lp
; CHECK: [[EDGE]]:
; CHECK-NEXT: store ptr null, ptr @__leakscope_pending_site, align 8, !nosanitize
; CHECK-NEXT: br label %join
; CHECK: join:
; CHECK-NEXT: %r = phi ptr [ null, %entry ], [ %p, %[[EDGE]] ]
entry:
  br i1 %c, label %alloc, label %join
alloc:
  %p = invoke ptr @_Znwm(i64 8) to label %join unwind label %lp
join:
  %r = phi ptr [ null, %entry ], [ %p, %alloc ]
  ret ptr %r
lp:
  %l = landingpad { ptr, i32 } cleanup
  resume { ptr, i32 } %l
}

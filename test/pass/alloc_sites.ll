; Each allocation call gets a site descriptor and the pending-site stores around it;
; other calls are left alone; functions keep frame pointers.
; RUN: %opt -passes=leakscope -S %s | FileCheck %s

declare ptr @malloc(i64)
declare ptr @_Znwm(i64)
declare void @free(ptr)

; CHECK: @__leakscope_pending_site = external thread_local(initialexec) global ptr
; CHECK: @__leakscope_site = private constant {{.*}} i32 0, i32 0 }

define ptr @f() {
; CHECK: define ptr @f() #[[ATTR:[0-9]+]]
; CHECK: store ptr @__leakscope_site, ptr @__leakscope_pending_site, align 8, !nosanitize
; CHECK-NEXT: %p = call ptr @malloc(i64 16)
; CHECK-NEXT: store ptr null, ptr @__leakscope_pending_site, align 8, !nosanitize
; CHECK: store ptr @__leakscope_site.{{[0-9]+}}, ptr @__leakscope_pending_site
; CHECK-NEXT: %q = call ptr @_Znwm(i64 8)
; CHECK-NEXT: store ptr null, ptr @__leakscope_pending_site
; CHECK-NOT: __leakscope_pending_site
; CHECK: call void @free
  %p = call ptr @malloc(i64 16)
  %q = call ptr @_Znwm(i64 8)
  call void @free(ptr %q)
  ret ptr %p
}
; CHECK: attributes #[[ATTR]] = { {{.*}}"frame-pointer"="all"

; A module that already carries the marker (the pass ran in the -flto pre-link
; compile) is left alone when the pass runs again.
; RUN: %opt -passes=leakscope -S %s | FileCheck %s
; RUN: %opt -passes=leakscope,leakscope -S %s | FileCheck %s
; The same module without the marker is instrumented exactly once by two runs.
; RUN: sed '/__leakscope_instrumented/d' %s | %opt -passes=leakscope,leakscope -S | FileCheck %s --check-prefix=ONCE

@__leakscope_instrumented = private constant ptr null
@llvm.compiler.used = appending global [1 x ptr] [ptr @__leakscope_instrumented], section "llvm.metadata"
declare ptr @malloc(i64)

define void @f(ptr %p) {
; CHECK-LABEL: define void @f(
; CHECK-NOT: leakscope_pending_site
; CHECK-NOT: ptrtoint
; CHECK: ret void
; ONCE-LABEL: define void @f(
; ONCE: store ptr @__leakscope_site, ptr @__leakscope_pending_site
; ONCE-NOT: store ptr @__leakscope_site
; ONCE: ptrtoint ptr %p
; ONCE-NOT: ptrtoint ptr %p
; ONCE: ret void
  %q = call ptr @malloc(i64 8)
  store i32 1, ptr %p, align 4
  ret void
}

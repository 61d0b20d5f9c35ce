; A bad LEAKSCOPE_PASS_OPTIONS entry gets one "LeakScope:" line naming it and is
; ignored; the module is still instrumented with the defaults.
; RUN: env LEAKSCOPE_PASS_OPTIONS="track_loads=maybe:frobnicate=1" %opt -passes=leakscope -S %s 2>%t.err | FileCheck %s
; RUN: FileCheck %s --check-prefix=ERR < %t.err
; ERR: LeakScope: bad LEAKSCOPE_PASS_OPTIONS entry 'track_loads=maybe'
; ERR-NEXT: LeakScope: bad LEAKSCOPE_PASS_OPTIONS entry 'frobnicate=1'

define void @f(ptr %p) {
; CHECK-LABEL: define void @f(
; CHECK: ptrtoint ptr %p
  %v = load i32, ptr %p, align 4
  store i32 %v, ptr %p, align 4
  ret void
}

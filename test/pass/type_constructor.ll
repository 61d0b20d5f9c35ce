; Without debug info, the allocated type is the class whose constructor (C1 or C2) is
; called with the allocation as `this`: `new Node(1)` at -O0, or when not inlined.
; A call that merely receives the pointer as another argument says nothing.
; RUN: %opt -passes=leakscope -S %s | FileCheck %s

declare ptr @_Znwm(i64)
declare void @_ZN4NodeC1Ei(ptr, i32)
declare void @_ZN2ns3BoxIiEC2Ev(ptr)
declare void @_Z3useiP4Node(i32, ptr)

; CHECK-DAG: @[[NODE:__leakscope_str[.0-9]*]] = private unnamed_addr constant [5 x i8] c"Node\00"
; CHECK-DAG: @[[BOX:__leakscope_str[.0-9]*]] = private unnamed_addr constant [13 x i8] c"ns::Box<int>\00"
; CHECK-DAG: @[[EMPTY:__leakscope_str[.0-9]*]] = private unnamed_addr constant [1 x i8] zeroinitializer
; CHECK-DAG: @__leakscope_site = private constant { ptr, ptr, ptr, ptr, i32, i32 } { ptr @[[EMPTY]], ptr @{{.*}}, ptr @[[NODE]],
; CHECK-DAG: @__leakscope_site{{[.0-9]+}} = private constant { ptr, ptr, ptr, ptr, i32, i32 } { ptr @[[EMPTY]], ptr @{{.*}}, ptr @[[BOX]],
; CHECK-DAG: @__leakscope_site{{[.0-9]+}} = private constant { ptr, ptr, ptr, ptr, i32, i32 } { ptr @[[EMPTY]], ptr @{{.*}}, ptr @[[EMPTY]],

define void @f() {
  %a = call ptr @_Znwm(i64 16)
  call void @_ZN4NodeC1Ei(ptr %a, i32 1)
  %b = call ptr @_Znwm(i64 4)
  call void @_ZN2ns3BoxIiEC2Ev(ptr %b)
  %c = call ptr @_Znwm(i64 16)
  call void @_Z3useiP4Node(i32 0, ptr %c)
  ret void
}

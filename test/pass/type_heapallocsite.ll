; The allocated type comes from !heapallocsite (clang -g, new-expressions): the named
; type, looking through typedefs; for new T[n] clang attaches the element type.
; RUN: %opt -passes=leakscope -S %s | FileCheck %s

declare ptr @_Znwm(i64)
declare ptr @_Znam(i64)

; CHECK-DAG: @[[NODE:__leakscope_str[.0-9]*]] = private unnamed_addr constant [5 x i8] c"Node\00"
; CHECK-DAG: @[[INT:__leakscope_str[.0-9]*]] = private unnamed_addr constant [4 x i8] c"int\00"
; CHECK-DAG: @__leakscope_site = private constant {{.*}} ptr @[[NODE]],
; CHECK-DAG: @__leakscope_site{{[.0-9]+}} = private constant {{.*}} ptr @[[INT]],

define void @f() {
  %a = call ptr @_Znwm(i64 16), !heapallocsite !1
  %b = call ptr @_Znam(i64 40), !heapallocsite !3
  ret void
}

!llvm.module.flags = !{!0}
!0 = !{i32 2, !"Debug Info Version", i32 3}
!1 = !DIDerivedType(tag: DW_TAG_typedef, name: "", baseType: !2)
!2 = !DICompositeType(tag: DW_TAG_structure_type, name: "Node", size: 128)
!3 = !DIBasicType(name: "int", size: 32, encoding: DW_ATE_signed)

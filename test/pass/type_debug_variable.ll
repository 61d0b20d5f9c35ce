; With -g but no !heapallocsite (malloc), the allocated type is the pointee of the
; source variable holding the result: described by a dbg.declare of the stack slot the
; result is stored to (-O0), or by a dbg.value of the result itself (optimised code).
; RUN: %opt -passes=leakscope -S %s | FileCheck %s

declare ptr @malloc(i64)

; CHECK-DAG: @[[PLAIN:__leakscope_str[.0-9]*]] = private unnamed_addr constant [6 x i8] c"Plain\00"
; CHECK-DAG: @[[OTHER:__leakscope_str[.0-9]*]] = private unnamed_addr constant [6 x i8] c"Other\00"
; CHECK-DAG: @__leakscope_site = private constant {{.*}} ptr @[[PLAIN]],
; CHECK-DAG: @__leakscope_site{{[.0-9]+}} = private constant {{.*}} ptr @[[OTHER]],

define ptr @at_O0() !dbg !10 {
  %p.addr = alloca ptr, align 8
    #dbg_declare(ptr %p.addr, !20, !DIExpression(), !30)
  %p = call ptr @malloc(i64 16), !dbg !30
  store ptr %p, ptr %p.addr, align 8, !dbg !30
  ret ptr %p, !dbg !30
}

define ptr @at_O2() !dbg !11 {
  %p = call ptr @malloc(i64 16), !dbg !31
    #dbg_value(ptr %p, !21, !DIExpression(), !31)
  ret ptr %p, !dbg !31
}

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!1}
!0 = distinct !DICompileUnit(language: DW_LANG_C11, file: !2, producer: "test", isOptimized: false, runtimeVersion: 0, emissionKind: FullDebug)
!1 = !{i32 2, !"Debug Info Version", i32 3}
!2 = !DIFile(filename: "t.c", directory: "/tmp")
!3 = !DISubroutineType(types: !{})
!10 = distinct !DISubprogram(name: "at_O0", scope: !2, file: !2, line: 1, type: !3, spFlags: DISPFlagDefinition, unit: !0)
!11 = distinct !DISubprogram(name: "at_O2", scope: !2, file: !2, line: 5, type: !3, spFlags: DISPFlagDefinition, unit: !0)
!12 = !DICompositeType(tag: DW_TAG_structure_type, name: "Plain", file: !2, line: 1, size: 128)
!13 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !12, size: 64)
!14 = !DICompositeType(tag: DW_TAG_structure_type, name: "Other", file: !2, line: 1, size: 128)
!15 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !14, size: 64)
!16 = !DIDerivedType(tag: DW_TAG_typedef, name: "OtherPtr", file: !2, line: 1, baseType: !15)
!20 = !DILocalVariable(name: "p", scope: !10, file: !2, line: 2, type: !13)
!21 = !DILocalVariable(name: "q", scope: !11, file: !2, line: 6, type: !16)
!30 = !DILocation(line: 2, column: 3, scope: !10)
!31 = !DILocation(line: 6, column: 3, scope: !11)

; An allocation inlined into another function is attributed to the source function it
; was written in (file:line:col of the call there), with the inline chain outermost
; last: "make_node t.cpp:7:10;main t.cpp:12:3" style, from the DILocation's inlinedAt.
; RUN: %opt -passes=leakscope -S %s | FileCheck %s

declare ptr @malloc(i64)

; CHECK-DAG: c"/src/t.cpp\00"
; CHECK-DAG: c"alloc_inner\00"
; CHECK-DAG: c"make_node /src/t.cpp:7:10;main /src/t.cpp:12:3\00"
; CHECK: @__leakscope_site = private constant {{.*}} i32 3, i32 14 }

define i32 @main() !dbg !12 {
  %p = call ptr @malloc(i64 16), !dbg !20
  ret i32 0
}

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!1}
!0 = distinct !DICompileUnit(language: DW_LANG_C_plus_plus_14, file: !2, producer: "test", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug)
!1 = !{i32 2, !"Debug Info Version", i32 3}
!2 = !DIFile(filename: "t.cpp", directory: "/src")
!3 = !DISubroutineType(types: !{})
!10 = distinct !DISubprogram(name: "alloc_inner", scope: !2, file: !2, line: 2, type: !3, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0)
!11 = distinct !DISubprogram(name: "make_node", scope: !2, file: !2, line: 6, type: !3, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0)
!12 = distinct !DISubprogram(name: "main", scope: !2, file: !2, line: 11, type: !3, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0)
!20 = !DILocation(line: 3, column: 14, scope: !10, inlinedAt: !21)
!21 = distinct !DILocation(line: 7, column: 10, scope: !11, inlinedAt: !22)
!22 = distinct !DILocation(line: 12, column: 3, scope: !12)

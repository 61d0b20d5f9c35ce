; Loads are instrumented by default (staleness counts reads); track_loads=0 leaves them
; out: the cl::opt, or the environment variable the pass reads itself (for clang 19,
; which rejects -mllvm plugin options). The module's constructor tells the runtime
; which: __leakscope_note_module(1) for writes only, (3) for loads and writes, (2) for
; loads only.
; RUN: %opt -passes=leakscope -S %s | FileCheck %s --check-prefixes=LOADS,NOTE3
; RUN: %opt -passes=leakscope -leakscope-track-loads=0 -S %s | FileCheck %s --check-prefixes=WRITES,NOTE1
; RUN: env LEAKSCOPE_PASS_OPTIONS=track_loads=0 %opt -passes=leakscope -S %s | FileCheck %s --check-prefixes=WRITES,NOTE1
; RUN: env LEAKSCOPE_PASS_OPTIONS=track_loads=1 %opt -passes=leakscope -leakscope-track-loads=0 -S %s | FileCheck %s --check-prefix=LOADS
; With track_writes=0 and loads tracked, only the load is instrumented.
; RUN: env LEAKSCOPE_PASS_OPTIONS="track_writes=0 track_loads=1" %opt -passes=leakscope -S %s | FileCheck %s --check-prefixes=ONLYLOADS,NOTE2

; NOTE3: @llvm.global_ctors = appending global {{.*}} @leakscope.note_module
; NOTE1: @llvm.global_ctors = appending global {{.*}} @leakscope.note_module
; NOTE2: @llvm.global_ctors = appending global {{.*}} @leakscope.note_module

define i32 @f(ptr %p, ptr %q) {
; WRITES-LABEL: define i32 @f(
; WRITES-NOT: ptrtoint ptr %p
; WRITES: ptrtoint ptr %q
; LOADS-LABEL: define i32 @f(
; LOADS: ptrtoint ptr %p
; LOADS: %v = load i32, ptr %p
; LOADS: ptrtoint ptr %q
; LOADS: store i32 %v, ptr %q
; ONLYLOADS-LABEL: define i32 @f(
; ONLYLOADS: ptrtoint ptr %p
; ONLYLOADS-NOT: ptrtoint ptr %q
; ONLYLOADS: ret i32
  %v = load i32, ptr %p, align 4
  store i32 %v, ptr %q, align 4
  ret i32 %v
}

; NOTE3: define internal void @leakscope.note_module()
; NOTE3-NEXT: call void @__leakscope_note_module(i32 3)
; NOTE1: define internal void @leakscope.note_module()
; NOTE1-NEXT: call void @__leakscope_note_module(i32 1)
; NOTE2: define internal void @leakscope.note_module()
; NOTE2-NEXT: call void @__leakscope_note_module(i32 2)

; Loads are instrumented only with track_loads: the cl::opt, or the environment
; variable the pass reads itself (for clang 19, which rejects -mllvm plugin options).
; RUN: %opt -passes=leakscope -S %s | FileCheck %s --check-prefix=DEFAULT
; RUN: %opt -passes=leakscope -leakscope-track-loads -S %s | FileCheck %s --check-prefix=LOADS
; RUN: env LEAKSCOPE_PASS_OPTIONS=track_loads=1 %opt -passes=leakscope -S %s | FileCheck %s --check-prefix=LOADS
; With track_writes=0 and loads tracked, only the load is instrumented.
; RUN: env LEAKSCOPE_PASS_OPTIONS="track_writes=0 track_loads=1" %opt -passes=leakscope -S %s | FileCheck %s --check-prefix=ONLYLOADS

define i32 @f(ptr %p, ptr %q) {
; DEFAULT-LABEL: define i32 @f(
; DEFAULT-NOT: ptrtoint ptr %p
; DEFAULT: ptrtoint ptr %q
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

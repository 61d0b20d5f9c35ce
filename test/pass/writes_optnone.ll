; -O0 code (every function optnone) is instrumented too: the pass is required. At -O0
; the pointer comes from a stack slot; the slot itself is not instrumented.
; RUN: %opt -passes=leakscope -S %s | FileCheck %s

define void @f(ptr %p) #0 {
; CHECK-LABEL: define void @f(
; CHECK: store ptr %p, ptr %p.addr
; CHECK-NEXT: %[[P:[0-9a-z]+]] = load ptr, ptr %p.addr
; CHECK-NEXT: load atomic i8, ptr @__leakscope_epoch
; CHECK-NEXT: ptrtoint ptr %[[P]] to i64
; CHECK: store i32 1, ptr %[[P]]
  %p.addr = alloca ptr, align 8
  store ptr %p, ptr %p.addr, align 8
  %ld = load ptr, ptr %p.addr, align 8
  store i32 1, ptr %ld, align 4
  ret void
}
attributes #0 = { noinline nounwind optnone }

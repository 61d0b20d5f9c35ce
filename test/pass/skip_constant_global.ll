; Memory copied out of a constant global is read, not written: nothing is instrumented
; for the source; a load from a constant global is never instrumented even with loads.
; RUN: %opt -passes=leakscope -leakscope-track-loads -S %s | FileCheck %s

@msg = private constant [6 x i8] c"hello\00"
@k = constant i32 7

define i32 @f() {
; CHECK-LABEL: define i32 @f(
; CHECK-NOT: ptrtoint
; CHECK: ret i32
  %v = load i32, ptr @k, align 4
  %c = load i8, ptr @msg, align 1
  %z = zext i8 %c to i32
  %r = add i32 %v, %z
  ret i32 %r
}

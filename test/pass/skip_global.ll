; Writes to global variables (including thread-locals) are static storage, never heap.
; RUN: %opt -passes=leakscope -S %s | FileCheck %s

@counter = global i64 0
@table = global [8 x i32] zeroinitializer
@tls = thread_local global i32 0

define void @f(i64 %i) {
; CHECK-LABEL: define void @f(
; CHECK-NOT: ptrtoint
; CHECK: ret void
  store i64 1, ptr @counter, align 8
  %old = atomicrmw add ptr @counter, i64 1 seq_cst
  %e = getelementptr inbounds [8 x i32], ptr @table, i64 0, i64 %i
  store i32 2, ptr %e, align 4
  %t = call ptr @llvm.threadlocal.address.p0(ptr @tls)
  store i32 3, ptr %t, align 4
  ret void
}
declare ptr @llvm.threadlocal.address.p0(ptr)

; On x86-64 each check is one inline asm statement (the same instructions as the IR
; form of writes_store.ll, without three blocks per access for the backend to
; compile): epoch 0 skips everything (nothing to record until the first advance), the
; heap range test, the check-before-write of the shadow byte and the
; mark, skipped by forward branches. The epoch is loaded once, outside the asm. A mem
; intrinsic whose length may be 0 tests it first. -leakscope-inline-asm=0 keeps the IR
; form.
; RUN: %opt -passes=leakscope -S %s | FileCheck %s
; RUN: %opt -passes=leakscope -leakscope-inline-asm=0 -S %s | FileCheck %s --check-prefix=IR
target triple = "x86_64-pc-linux-gnu"

declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)

define void @f(ptr %p, ptr %q, ptr %r, i64 %n) {
; CHECK-LABEL: define void @f(
; CHECK-NEXT: %[[E:[0-9]+]] = load atomic i8, ptr @__leakscope_epoch monotonic, align 1, !nosanitize
; CHECK-NEXT: call i64 asm sideeffect "testb ${2:b}, ${2:b}\0A\09je 1f\0A\09movq $1, $0\0A\09shrq $$41, $0\0A\09cmpl $$40, ${0:k}\0A\09jne 1f\0A\09movq $1, $0\0A\09shrq $$4, $0\0A\09cmpb ${2:b}, ($0)\0A\09je 1f\0A\09movb ${2:b}, ($0)\0A1:", "=&r,r,q,~{dirflag},~{fpsr},~{flags}"(ptr %p, i8 %[[E]]) #[[A:[0-9]+]], !nosanitize
; CHECK-NEXT: store i32 1, ptr %p
; CHECK-NEXT: call i64 asm sideeffect "testq $3, $3\0A\09je 1f\0A\09testb ${2:b}, ${2:b}\0A\09je 1f\0A\09movq $1, $0{{.*}}", "=&r,r,q,r,~{dirflag},~{fpsr},~{flags}"(ptr %q, i8 %[[E]], i64 %n) #[[A]], !nosanitize
; CHECK-NEXT: call void @llvm.memset.p0.i64(ptr %q, i8 0, i64 %n, i1 false)
; CHECK-NEXT: call i64 asm sideeffect "testb ${2:b}, ${2:b}\0A\09je 1f\0A\09movq $1, $0{{.*}}", "=&r,r,q,~{dirflag},~{fpsr},~{flags}"(ptr %r, i8 %[[E]]) #[[A]], !nosanitize
; CHECK-NEXT: call void @llvm.memset.p0.i64(ptr %r, i8 0, i64 64, i1 false)
; CHECK-NEXT: ret void
; IR-LABEL: define void @f(
; IR-NOT: asm
; IR: icmp eq i64 %{{[0-9]+}}, 40
  store i32 1, ptr %p, align 4
  call void @llvm.memset.p0.i64(ptr %q, i8 0, i64 %n, i1 false)
  call void @llvm.memset.p0.i64(ptr %r, i8 0, i64 64, i1 false)
  ret void
}
; CHECK: attributes #[[A]] = { nounwind }

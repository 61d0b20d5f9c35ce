; LEAKSCOPE_PASS_OPTIONS=stats=1 (or -leakscope-stats) prints what was instrumented and
; what was skipped and why, one counter a line. Without it nothing is printed.
; RUN: env LEAKSCOPE_PASS_OPTIONS=stats=1 %opt -passes=leakscope -disable-output %s 2>&1 | FileCheck %s
; RUN: %opt -passes=leakscope -leakscope-stats -disable-output %s 2>&1 | FileCheck %s
; RUN: env LEAKSCOPE_PASS_OPTIONS="stats=1 track_loads=0" %opt -passes=leakscope -disable-output %s 2>&1 | FileCheck %s --check-prefix=WRITES
; RUN: %opt -passes=leakscope -disable-output %s 2>&1 | FileCheck %s --check-prefix=QUIET --allow-empty
; QUIET-NOT: LeakScope pass statistics

; CHECK: LeakScope pass statistics for {{.*}}stats.ll:
; Each access below says how it is counted.
; The 3 !nosanitize: f's load and the two stores that pass @g2's site to the runtime.
; CHECK-NEXT: 2 functions instrumented
; CHECK-NEXT: 1 runtime functions left alone
; CHECK-NEXT: 1 allocation calls given a site
; CHECK-NEXT: 2 stores checked
; CHECK-NEXT: 1 atomic read-modify-writes and cmpxchgs checked
; CHECK-NEXT: 2 loads checked
; CHECK-NEXT: 1 memset/memcpy/memmove destinations checked
; CHECK-NEXT: 1 memcpy/memmove sources checked
; CHECK-NEXT: 2 accesses skipped: stack or static memory
; CHECK-NEXT: 3 accesses skipped: object already checked in this stretch
; CHECK-NEXT: 0 accesses in call-free loops checked in the preheader instead
; CHECK-NEXT: 0 preheader checks made for them
; CHECK-NEXT: 1 accesses skipped: length 0
; CHECK-NEXT: 3 accesses skipped: !nosanitize (the allocation sites' own stores included)

; WRITES: 0 loads checked
; WRITES: 0 memcpy/memmove sources checked

declare ptr @malloc(i64)
declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)

@g = global i32 0

define void @f(ptr %p, ptr %q, ptr %r) {
  store i32 1, ptr %p                       ; checked
  %a = getelementptr inbounds i8, ptr %p, i64 8
  store i32 2, ptr %a                       ; same object: skipped
  %v = load i32, ptr %q                     ; checked
  %x = atomicrmw add ptr %r, i32 1 seq_cst  ; checked
  %s = alloca i32
  store i32 %v, ptr %s                      ; stack: skipped
  store i32 %v, ptr @g                      ; static: skipped
  %w = load i32, ptr %r, !nosanitize !0     ; !nosanitize: skipped
  ret void
}

define void @g2(ptr %d, ptr %src, ptr %z, ptr %r) {
  %m = call ptr @malloc(i64 64)             ; an allocation site
  store i32 0, ptr %m                       ; checked
  %l = load i32, ptr %d                     ; checked
  call void @llvm.memset.p0.i64(ptr %z, i8 0, i64 0, i1 false)      ; length 0: skipped
  call void @llvm.memcpy.p0.p0.i64(ptr %d, ptr %src, i64 16, i1 false) ; dest %d read above: skipped; source checked
  call void @llvm.memset.p0.i64(ptr %m, i8 1, i64 8, i1 false)        ; %m stored above: skipped
  call void @llvm.memset.p0.i64(ptr %r, i8 1, i64 8, i1 false)        ; checked
  ret void
}

define void @__leakscope_internal() {
  ret void
}

!0 = !{}

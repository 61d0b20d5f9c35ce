// Thread roots of the leak check: what each registered thread may hold heap pointers
// in, scanned with the world stopped (stop_the_world.cpp).
//
//   the caller      its stack and registers as before (roots.cpp: ScanCurrentThread,
//                   with the main-returned rule of start_main.cpp), and its TLS;
//   stopped thread  its stack from the interrupted SP up (use_stacks), the registers
//                   the handler saved (use_registers), its static TLS and TCB (use_tls);
//   unresponsive    its whole stack and its TLS, read while it runs (best effort);
//   created         the start argument of a thread that has not started yet;
//   finished        the return value of a thread not yet joined.
//
// Stacks and TLS are kept apart: for a thread glibc created, the static TLS and the
// TCB sit at the top of its stack mapping, so the stack scan stops where the TLS
// starts; otherwise use_tls=0 would mean nothing for such threads.
//
// The area below the interrupted SP (the x86-64 red zone, then the signal frame) is
// not scanned: it holds dead frames of calls that returned, whose stale pointers would
// hide leaks (LeakSanitizer scans from SP too).
//
// ld.so's heap allocations (DTVs, dynamic TLS blocks of dlopen'ed libraries) are never
// reported: the dynamic linker keeps them for threads that have exited too (glibc
// caches their stacks). They are marked ignored (so: roots) when allocated, as
// LeakSanitizer treats them; see kStackFromLoader in stack_depot.h.
#include <sys/mman.h>

#include "check/marker.h"
#include "check/roots.h"
#include "heap/allocator.h"
#include "options.h"
#include "stacks/stack_depot.h"
#include "world/stop_the_world.h"
#include "world/threads.h"
#include "world/tls.h"

namespace leakscope {

constexpr uptr kMaxStackScan = 1ull << 30;  // a range larger than this is not a stack

static void ScanWord(Marker *m, void *const *word) {
  if (*word) m->ScanRoot((uptr)word, (uptr)word + sizeof(uptr));
}

static bool RangeMapped(uptr lo, uptr hi) {
  static unsigned char vec[(64 << 20) / kPageSize];  // world stopped: one user
  for (uptr p = lo; p < hi;) {
    uptr len = hi - p > (64ull << 20) ? (64ull << 20) : hi - p;
    if (mincore((void *)p, len, vec) != 0) return false;  // ENOMEM: a page is unmapped
    p += len;
  }
  return true;
}

// The lowest page-aligned address such that [result, hi) is mapped. The main thread's
// stack bounds come from its rlimit and may reach below what the kernel has mapped;
// a stack is mapped from some address up to its top, so a binary search finds it.
static uptr MappedFloor(uptr lo, uptr hi) {
  lo = RoundDown(lo, kPageSize);
  uptr top = RoundUp(hi, kPageSize);
  if (RangeMapped(lo, top)) return lo;
  uptr bad = lo, good = top;  // [good, top) mapped, [bad, top) not
  while (good - bad > kPageSize) {
    uptr mid = RoundDown(bad + (good - bad) / 2, kPageSize);
    if (RangeMapped(mid, top)) good = mid;
    else bad = mid;
  }
  return good;
}

static void ScanTls(Marker *m, uptr tp) {
  uptr lo, hi;
  if (g_options.use_tls && StaticTlsRange(tp, &lo, &hi)) m->ScanRoot(lo, hi);
}

// The stack top to scan up to: the stack's end, or where the static TLS starts when it
// lies on the stack. Without known bounds (the thread was stopped while registering),
// the TLS bounds the stack from above.
static uptr StackTop(ThreadContext *t, uptr sp) {
  uptr tls_lo, tls_hi;
  bool tls = StaticTlsRange(t->thread_pointer, &tls_lo, &tls_hi);
  uptr hi = t->stack_hi;
  if (!hi) return tls && sp < tls_lo && tls_lo - sp < kMaxStackScan ? tls_lo : 0;
  if (tls && tls_lo > sp && tls_lo < hi) hi = tls_lo;
  return hi;
}

static void ScanOtherThread(Marker *m, ThreadContext *t) {
  if (t->stop_state != kStopped && t->stop_state != kStopUnresponsive) return;
  bool stopped = t->stop_state == kStopped;
  if (g_options.use_stacks) {
    uptr sp = stopped ? t->saved_sp : 0;
    bool sp_in_stack = stopped && t->stack_lo && sp >= t->stack_lo && sp < t->stack_hi;
    if (sp_in_stack || (stopped && !t->stack_hi)) {
      uptr hi = StackTop(t, sp);
      if (hi > sp) m->ScanRoot(sp, hi);
    } else if (t->stack_lo && t->stack_hi > t->stack_lo &&
               t->stack_hi - t->stack_lo <= kMaxStackScan) {
      // SP elsewhere (a sigaltstack, a coroutine's stack) or unknown: the whole stack.
      uptr hi = StackTop(t, t->stack_lo);
      m->ScanRoot(MappedFloor(t->stack_lo, hi), hi);
    }
  }
  if (g_options.use_registers && stopped)
    m->ScanRoot((uptr)t->saved_regs, (uptr)(t->saved_regs + t->num_saved_regs));
  ScanTls(m, t->thread_pointer);
}

void ScanStoppedThread(Marker *m, ThreadContext *t) { ScanOtherThread(m, t); }

void ScanThreads(Marker *m) { ScanThreadsExcept(m, nullptr, nullptr); }

void ScanThreadsExcept(Marker *m, bool (*defer)(ThreadContext *t, void *arg), void *arg) {
  ScanCurrentThread(m);
  ScanTls(m, ThreadPointer());
  ThreadContext *self = CurrentThreadContext();
  for (int i = 0; i < ThreadSlots(); i++) {
    ThreadContext *t = ThreadAt(i);
    if (t->runtime_thread) continue;
    switch (t->status) {
      case kThreadCreated:
        ScanWord(m, &t->start_arg);
        break;
      case kThreadRunning:
        ScanWord(m, &t->start_arg);
        ScanWord(m, &t->retval);
        if (t != self && !(defer && defer(t, arg))) ScanOtherThread(m, t);
        break;
      case kThreadFinished:
        ScanWord(m, &t->retval);
        break;
    }
  }
}

}  // namespace leakscope

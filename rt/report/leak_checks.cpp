#include "report/leak_checks.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "base/report_io.h"
#include "check/leak_check.h"
#include "check/leak_set.h"
#include "check/suppressed_holdings.h"
#include "check/suppressions.h"
#include "check/thread_leaks.h"
#include "heap/resident_memory.h"
#include "options.h"
#include "report/html_report.h"
#include "report/leak_report.h"
#include "report/machine_report.h"
#include "report/thread_leak_report.h"
#include "report/stale_report.h"
#include "stacks/hybrid_unwind.h"
#include "stacks/stack_bounds.h"

LS_WEAK int __lsan_is_turned_off();
LS_WEAK int __leakscope_is_turned_off();

namespace leakscope {

static bool g_final_check_done LS_GUARDED_BY(g_check_lock);
static u32 g_checks LS_GUARDED_BY(g_check_lock);  // checks run so far by this process

// Bytes per (stack, kind) at the previous delta check, for kDelta: an open-addressing
// table rebuilt at every delta check from that check's records, so a record that
// shrank or vanished in between is measured against its latest size.
namespace {
struct DeltaEntry {
  u64 key;  // DeltaKey + 1; 0 marks an empty slot
  u64 bytes;
};
InternalVector<DeltaEntry> *g_delta LS_GUARDED_BY(g_check_lock);
}  // namespace

static u64 NowNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (u64)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static u64 DeltaKey(const LeakRecord &r) { return (((u64)r.stack_id << 1) | r.indirect) + 1; }
static uptr DeltaSlot(u64 key, uptr mask) { return (key * 0x9E3779B97F4A7C15ULL >> 20) & mask; }

// Marks records that did not grow since the previous delta check; remembers sizes.
static void ApplyDelta(LeakSet *leaks) LS_REQUIRES(g_check_lock) {
  InternalVector<DeltaEntry> *next = InternalNew<InternalVector<DeltaEntry>>();
  uptr size = 1024;
  while (size < leaks->records.size() * 2) size *= 2;
  next->resize(size);
  for (LeakRecord &r : leaks->records) {
    u64 key = DeltaKey(r), prev = 0;
    if (g_delta) {
      uptr mask = g_delta->size() - 1;
      for (uptr i = DeltaSlot(key, mask); (*g_delta)[i].key; i = (i + 1) & mask)
        if ((*g_delta)[i].key == key) {
          prev = (*g_delta)[i].bytes;
          break;
        }
    }
    r.unchanged = r.bytes <= prev;
    uptr mask = next->size() - 1;
    uptr i = DeltaSlot(key, mask);
    while ((*next)[i].key) i = (i + 1) & mask;
    (*next)[i] = {key, r.bytes};
  }
  if (g_delta) {
    g_delta->~InternalVector<DeltaEntry>();
    InternalFree(g_delta);
  }
  g_delta = next;
}

static const char *ModeName(CheckMode mode) {
  switch (mode) {
    case CheckMode::kFinal: return "exit";
    case CheckMode::kRecoverable: return "recoverable";
    case CheckMode::kDelta: return "delta";
  }
  return "";
}

// Zeroes the dead stack below the caller. The marker scans the checking thread's stack
// from the scanner's own frame upwards, which covers the runtime's frames between the
// API entry and the scanner; their uninitialised slots (and alignment gaps) still hold
// whatever the program's returned calls left there, often the very pointer that
// leaked. Zeroing the area first, before those frames are laid out on it, removes the
// stale words. The area is claimed as this function's own frame (alloca) before it is
// written, so the stack pointer covers it: writing below the stack pointer instead
// faults where the stack has not grown that far yet (under valgrind, for one). No call
// is made while it is cleared, so no other frame sits inside it.
LS_NOINLINE static void ClearDeadStack() {
  uptr sp;
  __asm__ volatile("mov %%rsp, %0" : "=r"(sp));
  uptr lo = tls_stack_lo;
  // Stay inside the stack. With unknown bounds (a thread the runtime did not see
  // start) clear only 2 KiB: the check itself needs more stack than that below here.
  uptr n = lo ? 32768 : 2048;
  if (lo && sp - n < lo + 4096) n = sp > lo + 4096 ? sp - lo - 4096 : 0;
  void *dst = __builtin_alloca(n);
  __asm__ volatile("rep stosb" : "+D"(dst), "+c"(n) : "a"(0) : "memory");
}

LS_NOINLINE static bool DoLeakCheckImpl(CheckMode mode);

bool DoLeakCheck(CheckMode mode) {
  ClearDeadStack();
  return DoLeakCheckImpl(mode);
}

LS_NOINLINE static bool DoLeakCheckImpl(CheckMode mode) {
  if (!g_options.detect_leaks) return false;
  if (__lsan_is_turned_off && __lsan_is_turned_off()) return false;
  if (__leakscope_is_turned_off && __leakscope_is_turned_off()) return false;
  ScopedLeakCheckLock l;
  if (g_final_check_done) return false;
  if (mode == CheckMode::kFinal) g_final_check_done = true;
  CheckInfo check = {++g_checks, ModeName(mode)};
  u64 start = NowNs();
  LeakSet leaks;
  CollectLeaksLocked(&leaks);
  u64 marked = NowNs();
  if (mode == CheckMode::kDelta) ApplyDelta(&leaks);
  for (LeakRecord &r : leaks.records)
    if (!r.unchanged) r.suppressed = IsSuppressed(DepotGet(r.stack_id), r.bytes, r.objects);
  SuppressHeldChunks(&leaks);
  SortLeaks(&leaks);
  SuppressThreadLeaks(&leaks.threads);
  PrintThreadWaitNotes(leaks.threads);
  u64 bytes = PrintLeakReport(&leaks);
  if (!bytes) PrintMatchedSuppressions();
  u64 threads = PrintThreadLeakReport(leaks.threads, bytes == 0);
  WriteJsonReport(&leaks, check);
  WriteSarifReport(&leaks, check);
  WriteHtmlReport(&leaks, check);
  if (g_options.verbosity >= 1) {
    LeakTotals t = SumLeaks(&leaks);
    Warn("leak check %u (%s): %llu record(s), %llu byte(s) in %llu object(s) leaked, %llu "
         "byte(s) suppressed; marking took %llu us, reporting %llu us",
         check.index, check.mode, (unsigned long long)t.records, (unsigned long long)t.bytes,
         (unsigned long long)t.objects, (unsigned long long)t.suppressed_bytes,
         (unsigned long long)((marked - start) / 1000),
         (unsigned long long)((NowNs() - marked) / 1000));
    UnwindModuleStats u = GetUnwindModuleStats();
    Warn("unwind tables: %u module(s), %u function(s) compiled into %u row(s); main program "
         "walked by frame pointers: %s",
         u.modules, u.fdes, u.rows, u.frame_pointer_modules ? "yes" : "no");
  }
  if (g_options.verbosity >= 2 && mode == CheckMode::kFinal) ReportResidentMemory();
  bool leaked = bytes != 0 || threads != 0;
  if (leaked && mode == CheckMode::kFinal && g_options.exitcode) {
    fflush(nullptr);
    _exit(g_options.exitcode);
  }
  return leaked;
}

void LeakCheckAtExit() {
  if (g_options.leak_check_at_exit) DoLeakCheck(CheckMode::kFinal);
  ExitIfStaleReported();  // stale_exitcode, when no leak decided the exit code
}

}  // namespace leakscope

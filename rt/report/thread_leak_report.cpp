#include "report/thread_leak_report.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/report_io.h"
#include "options.h"
#include "report/leak_report.h"
#include "report/machine_report.h"
#include "stacks/symbolizer.h"
#include "world/thread_waits.h"

namespace leakscope {

// Code that is not the program's own: system libraries and headers, and the runtime
// when it is preloaded.
static bool IsSystemPath(const char *path) {
  return !strncmp(path, "/usr/include/", 13) || !strncmp(path, "/usr/lib/", 9) ||
         !strncmp(path, "/lib/", 5) || !strncmp(path, "/lib64/", 7) ||
         !strncmp(path, "/usr/local/include/", 19) || strstr(path, "libleakscope_rt");
}

bool FindWaitSite(const ThreadLeak &l, SymbolizedFrame *site, uptr *pc) {
  StackEntry *e = DepotGet(l.wait_stack);
  if (!e) return false;
  bool found = false, have_fallback = false;
  SymbolizedFrame fallback = {"", "", 0, 0};
  uptr fallback_pc = 0;
  ForEachReportFrame(e, 0, [&](const ReportFrame &f) {
    if (f.module && IsSystemPath(f.module->path)) return true;
    if (*f.frame.file && !IsSystemPath(f.frame.file)) {
      *site = f.frame;
      *pc = f.pc;
      found = true;
      return false;
    }
    if (!have_fallback && *f.frame.function) {
      have_fallback = true;
      fallback = f.frame;
      fallback_pc = f.pc;
    }
    return true;
  });
  if (found) return true;
  if (!have_fallback) return false;
  *site = fallback;
  *pc = fallback_pc;
  return true;
}

void PrintThreadWaitNotes(const ThreadLeakSet &set) {
  if (g_options.verbosity < 1) return;
  for (uptr i = 0; i < set.notes.size(); i++) {
    const ThreadWaitNote &n = set.notes[i];
    const ThreadWait &w = n.wait;
    switch (n.verdict) {
      case kVerdictReachable:
        Warn("thread %d waits on futex word %p in memory a running thread reaches: not leaked",
             (int)n.tid, (void *)w.futex);
        break;
      case kVerdictOutsideHeap:
        Warn("thread %d waits on futex word %p outside the heap (a global or a stack): not "
             "leaked",
             (int)n.tid, (void *)w.futex);
        break;
      case kVerdictNotJudged:
        if (w.kind == kWaitSyscall) {
          const char *name = SyscallName(w.syscall);
          char nr[16];
          if (!name) {
            snprintf(nr, sizeof(nr), "syscall %u", w.syscall);
            name = nr;
          }
          Warn("thread %d waits in %s(0x%zx, 0x%zx, 0x%zx): not judged (a file descriptor, a "
               "timer or a signal may wake it)",
               (int)n.tid, name, (size_t)w.args[0], (size_t)w.args[1], (size_t)w.args[2]);
        } else {
          Warn("thread %d is in a sleep or a timed wait: not judged (a timer wakes it)",
               (int)n.tid);
        }
        break;
    }
  }
}

u64 PrintThreadLeakReport(const ThreadLeakSet &set, bool header) {
  if (set.leaks.empty()) return 0;
  if (header) {
    Printf("\n=================================================================\n");
    Printf("==%d==ERROR: LeakScope: detected leaked threads\n", (int)getpid());
  }
  for (uptr i = 0; i < set.leaks.size(); i++) {
    const ThreadLeak &l = set.leaks[i];
    SymbolizedFrame site = {"", "", 0, 0};
    uptr pc = 0;
    LineBuffer b;
    b.Append("\nThread leak: thread %d blocked in ", (int)l.tids[0]);
    if (FindWaitSite(l, &site, &pc)) {
      b.Append("%s", *site.function ? site.function : "??");
      if (*site.file) b.Append(" %s:%u", site.file, site.line);
    } else {
      b.Append("?? (no frame of its stack is known)");
    }
    b.Append(" on an object no running thread can reach, created at:\n");
    WriteReport(b.data(), b.size());
    StackEntry *created = DepotGet(l.creation_stack);
    if (created) PrintStackFrames(created);
    else Printf("    (not recorded: the main thread, or a thread not started by pthread_create)\n");
    Printf("  holds %llu byte(s) in %llu object(s) that only it can reach\n",
           (unsigned long long)l.held_bytes, (unsigned long long)l.held_objects);
    if (l.threads > 1) {
      LineBuffer t;
      t.Append("  %u threads with this creation stack:", l.threads);
      for (u32 k = 0; k < l.threads && k < kMaxLeakTids; k++) t.Append(" %d", (int)l.tids[k]);
      if (l.threads > kMaxLeakTids) t.Append(" ...");
      t.Append("\n");
      WriteReport(t.data(), t.size());
    }
    Printf("  stack of thread %d, waiting on futex word %p:\n", (int)l.tids[0], (void *)l.futex);
    StackEntry *own = DepotGet(l.wait_stack);
    if (own) PrintStackFrames(own);
  }
  Printf("\nSUMMARY: LeakScope: %llu leaked thread(s) holding %llu byte(s).\n",
         (unsigned long long)set.Threads(), (unsigned long long)set.HeldBytes());
  FlushSymbolizerWarnings();
  return set.Threads();
}

}  // namespace leakscope

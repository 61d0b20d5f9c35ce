#include "report/leak_report.h"

#include <unistd.h>

#include "base/report_io.h"
#include "check/suppressions.h"
#include "heap/allocator.h"
#include "options.h"
#include "report/ownership_report.h"
#include "stacks/symbolizer.h"

namespace leakscope {

u32 SymbolizeStackFrame(StackEntry *e, u32 k, uptr *pc_out, SymbolizedFrame *frames, u32 max) {
  uptr pc = k == 0 ? e->Frame(0) : e->Frame(k) - 1;
  *pc_out = pc;
  u32 n = Symbolize(pc, frames, max);
  // The allocation call: fall back to what the pass recorded at compile time.
  if (k == 1 && e->site && !*frames[n - 1].file && *e->site->file) {
    frames[n - 1].file = e->site->file;
    frames[n - 1].line = e->site->line;
    frames[n - 1].column = e->site->column;
    if (!*frames[n - 1].function) frames[n - 1].function = e->site->function;
  }
  return n;
}

void PrintStackFrames(StackEntry *e) {
  u32 index = 0;
  for (u32 k = 0; k < e->size; k++) {
    uptr pc;
    SymbolizedFrame frames[16];
    u32 n = SymbolizeStackFrame(e, k, &pc, frames, 16);
    for (u32 i = 0; i < n; i++) {
      LineBuffer b;
      b.Append("    #%u 0x%zx", index++, (size_t)pc);
      if (*frames[i].function) b.Append(" in %s", frames[i].function);
      if (*frames[i].file) {
        b.Append(" %s", frames[i].file);
        if (frames[i].line) b.Append(":%u", frames[i].line);
        if (frames[i].line && frames[i].column) b.Append(":%u", frames[i].column);
      } else {
        ModuleInfo m;
        if (FindModule(pc, &m))
          b.Append(" (%s+0x%zx)", m.path, (size_t)(pc - m.base));
        else
          b.Append(" (<unknown module>)");
      }
      b.Append("\n");
      WriteReport(b.data(), b.size());
    }
  }
}

u64 PrintLeakReport(LeakSet *leaks) {
  LeakTotals t = SumLeaks(leaks);
  u64 total_bytes = t.bytes, total_objects = t.objects;
  if (!total_objects) return 0;
  Printf("\n=================================================================\n");
  Printf("==%d==ERROR: LeakScope: detected memory leaks\n", (int)getpid());
  uptr printed = 0, unsuppressed = 0;
  for (uptr i = 0; i < leaks->records.size(); i++) {
    LeakRecord &r = leaks->records[i];
    if (!IsReported(r)) continue;
    unsuppressed++;
    if (g_options.max_leaks && printed >= (uptr)g_options.max_leaks) continue;
    printed++;
    Printf("\n%s leak of %llu byte(s) in %llu object(s) allocated from:\n",
           r.indirect ? "Indirect" : "Direct", (unsigned long long)r.bytes,
           (unsigned long long)r.objects);
    StackEntry *e = DepotGet(r.stack_id);
    if (e && e->site && *e->site->type) Printf("  type: %s\n", e->site->type);
    PrintOwnership(leaks, r);
    if (e) PrintStackFrames(e);
    if (g_options.report_objects) {
      Printf("objects leaked above:\n");
      for (u64 k = r.first_object; k < r.first_object + r.objects; k++) {
        LeakedObject &o = leaks->objects[k];
        Printf("%p (%zu bytes)\n", (void *)o.addr, (size_t)o.size);
      }
    }
  }
  if (printed < unsuppressed)
    Printf("\nThe %zu top leak(s) are shown (max_leaks=%d); %zu more are not.\n", (size_t)printed,
           g_options.max_leaks, (size_t)(unsuppressed - printed));
  PrintMatchedSuppressions();
  Printf("\nSUMMARY: LeakScope: %llu byte(s) leaked in %llu allocation(s).\n",
         (unsigned long long)total_bytes, (unsigned long long)total_objects);
  FlushSymbolizerWarnings();
  return total_bytes;
}

}  // namespace leakscope

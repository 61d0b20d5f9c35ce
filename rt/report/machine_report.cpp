// Shared pieces of the machine-readable reports (see machine_report.h).
#include "report/machine_report.h"

#include <string.h>

namespace leakscope {

static bool IsSystemFile(const char *file) {
  return !strncmp(file, "/usr/include/", 13) || !strncmp(file, "/usr/lib/", 9) ||
         !strncmp(file, "/usr/local/include/", 19);
}

bool FindAllocationSite(StackEntry *e, SymbolizedFrame *site, uptr *pc) {
  bool have_fallback = false;
  SymbolizedFrame fallback = {};
  uptr fallback_pc = 0;
  bool found = false;
  // Frame 0 is the runtime's entry point (malloc, operator new, ...).
  ForEachReportFrame(e, 1, [&](const ReportFrame &f) {
    if (!*f.frame.file) return true;
    if (!IsSystemFile(f.frame.file)) {
      *site = f.frame;
      *pc = f.pc;
      found = true;
      return false;
    }
    if (!have_fallback) {
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

}  // namespace leakscope

// Shared pieces of the machine-readable reports (see machine_report.h).
#include "machine_report.h"

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
  // Frame 0 is the runtime's entry point (malloc, operator new, ...).
  for (u32 k = 1; k < e->size; k++) {
    SymbolizedFrame frames[16];
    uptr frame_pc;
    u32 n = SymbolizeStackFrame(e, k, &frame_pc, frames, 16);
    for (u32 i = 0; i < n; i++) {
      if (!*frames[i].file) continue;
      if (!IsSystemFile(frames[i].file)) {
        *site = frames[i];
        *pc = frame_pc;
        return true;
      }
      if (!have_fallback) {
        have_fallback = true;
        fallback = frames[i];
        fallback_pc = frame_pc;
      }
    }
  }
  if (!have_fallback) return false;
  *site = fallback;
  *pc = fallback_pc;
  return true;
}

}  // namespace leakscope

#include "check/roots.h"

#include <link.h>
#include <setjmp.h>
#include <unistd.h>

#include "base/locks.h"
#include "base/report_io.h"
#include "options.h"
#include "world/threads.h"
#include "world/tls.h"

namespace leakscope {

extern uptr g_main_frame;  // start_main.cpp
extern bool g_main_returned;

// The runtime's own data holds no pointers the program owns; the depot and the
// registry live in internal mappings, which are never scanned.

static int ScanModuleCb(struct dl_phdr_info *info, size_t, void *arg) {
  Marker *m = (Marker *)arg;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) &ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_LOAD || !(ph.p_flags & PF_W)) continue;
    uptr lo = info->dlpi_addr + ph.p_vaddr;
    m->ScanRoot(lo, lo + ph.p_memsz);
  }
  return 0;
}

void ScanGlobals(Marker *m) {
  if (!g_options.use_globals) return;
  dl_iterate_phdr(ScanModuleCb, m);
}

LS_NOINLINE void ScanCurrentThread(Marker *m) {
  uptr sp = (uptr)__builtin_frame_address(0);
  uptr hi = tls_stack_hi;
  // After main returned, only frames above main's wrapper are live (start_main.cpp);
  // the registers belong to exit() and the check itself.
  bool main_done = __atomic_load_n(&g_main_returned, __ATOMIC_ACQUIRE) && g_main_frame &&
                   GetTid() == getpid() && g_main_frame > sp && g_main_frame < hi;
  if (main_done) sp = g_main_frame;
  // A thread's static TLS may sit at the top of its stack: it is scanned as TLS.
  uptr tls_lo, tls_hi;
  if (StaticTlsRange(ThreadPointer(), &tls_lo, &tls_hi) && tls_lo > sp && tls_lo < hi) hi = tls_lo;
  // setjmp spills callee-saved registers into `regs`, which lives on this stack.
  jmp_buf regs;
  setjmp(regs);
  if (g_options.use_registers && !main_done) m->ScanRoot((uptr)&regs, (uptr)&regs + sizeof(regs));
  if (!g_options.use_stacks || !hi || sp >= hi) return;
  m->ScanRoot(sp, hi);
}

namespace {
struct Region {
  uptr begin, size;
};
// A `world` lock (base/locks.h): RunWithWorldStopped holds it while the marker reads the
// regions, so no stopped thread is inside Add/RemoveRootRegion.
SpinLock g_regions_lock{LockRank::kRootRegions};
LS_REGISTER_LOCK(g_regions_lock);
InternalVector<Region> *g_regions LS_GUARDED_BY(g_regions_lock);
}  // namespace

void AddRootRegion(uptr begin, uptr size) {
  ScopedLock l(&g_regions_lock);
  if (!g_regions) g_regions = InternalNew<InternalVector<Region>>();
  g_regions->push_back({begin, size});
}

bool RemoveRootRegion(uptr begin, uptr size) {
  ScopedLock l(&g_regions_lock);
  if (!g_regions) return false;
  for (uptr i = 0; i < g_regions->size(); i++) {
    if ((*g_regions)[i].begin == begin && (*g_regions)[i].size == size) {
      (*g_regions)[i] = g_regions->back();
      g_regions->pop_back();
      return true;
    }
  }
  return false;
}

// Called with the world stopped, where RunWithWorldStopped holds g_regions_lock for us
// (taken before the stop); the analysis cannot see that far.
void ScanRootRegions(Marker *m) LS_NO_THREAD_SAFETY_ANALYSIS {
  if (!g_options.use_root_regions || !g_regions) return;
  for (Region &r : *g_regions) m->ScanRoot(r.begin, r.begin + r.size);
}

}  // namespace leakscope

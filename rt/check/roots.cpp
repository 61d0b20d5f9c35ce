#include "check/roots.h"

#include <link.h>
#include <setjmp.h>
#include <unistd.h>

#include "base/locks.h"
#include "base/report_io.h"
#include "options.h"
#include "world/exit_frame.h"
#include "world/threads.h"
#include "world/tls.h"

namespace leakscope {

// The runtime's own data holds no pointers the program owns; the depot and the
// registry live in internal mappings, which are never scanned.

// dl_iterate_phdr holds the loader's lock while it runs: called with the world stopped,
// it would wait forever for a stopped thread that was inside dl_iterate_phdr (or
// dlopen). So the module list is read before the stop; a module unloaded in between
// is skipped when its range is no longer readable (readable_memory.h).
static int GatherModuleCb(struct dl_phdr_info *info, size_t, void *arg) {
  InternalVector<GlobalRange> *out = (InternalVector<GlobalRange> *)arg;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) &ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_LOAD || !(ph.p_flags & PF_W)) continue;
    uptr lo = info->dlpi_addr + ph.p_vaddr;
    out->push_back({lo, lo + ph.p_memsz});
  }
  return 0;
}

void GatherGlobals(InternalVector<GlobalRange> *out) {
  out->clear();
  dl_iterate_phdr(GatherModuleCb, out);
}

void ScanGlobals(Marker *m, const InternalVector<GlobalRange> &globals) {
  if (!g_options.use_globals) return;
  for (uptr i = 0; i < globals.size(); i++) m->ScanRoot(globals[i].lo, globals[i].hi);
}

LS_NOINLINE void ScanCurrentThread(Marker *m) {
  uptr sp = (uptr)__builtin_frame_address(0);
  uptr hi = tls_stack_hi;
  // Once the program is exiting (main returned, or this thread called exit()), only
  // the frames above that point are live (exit_frame.h); the registers belong to
  // exit() and the check itself.
  uptr floor = LiveStackFloorAtExit(GetTid());
  bool main_done = floor > sp && floor < hi;
  if (main_done) sp = floor;
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

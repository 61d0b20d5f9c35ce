// The build mode of the instrumented modules (see access_mode.h).
#include "heap/access_mode.h"

#include "abi.h"

namespace leakscope {

u32 g_access_modules;
u32 g_access_writes_only_modules;

}  // namespace leakscope

using namespace leakscope;

// Called by each instrumented module's constructor, possibly before the runtime is
// initialised (a preloaded runtime, an instrumented library's constructor): it only
// counts.
LS_INTERFACE void __leakscope_note_module(unsigned flags) {
  bool writes = flags & LEAKSCOPE_MODULE_TRACKS_WRITES, loads = flags & LEAKSCOPE_MODULE_TRACKS_LOADS;
  if (!writes && !loads) return;  // the shadow learns nothing from this module
  if (!loads) __atomic_fetch_add(&g_access_writes_only_modules, 1, __ATOMIC_RELAXED);
  __atomic_fetch_add(&g_access_modules, 1, __ATOMIC_RELEASE);
}

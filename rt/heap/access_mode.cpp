// The build mode of the instrumented modules (see access_mode.h).
#include "heap/access_mode.h"

#include "abi.h"

namespace leakscope {

namespace {
u32 g_modules;              // modules that track writes or loads
u32 g_writes_only_modules;  // of which track writes but not loads
}  // namespace

AccessMode GetAccessMode() {
  if (!__atomic_load_n(&g_modules, __ATOMIC_ACQUIRE)) return AccessMode::kNone;
  if (__atomic_load_n(&g_writes_only_modules, __ATOMIC_RELAXED)) return AccessMode::kWritesOnly;
  return AccessMode::kReadsAndWrites;
}

}  // namespace leakscope

using namespace leakscope;

// Called by each instrumented module's constructor, possibly before the runtime is
// initialised (a preloaded runtime, an instrumented library's constructor): it only
// counts.
LS_INTERFACE void __leakscope_note_module(unsigned flags) {
  bool writes = flags & LEAKSCOPE_MODULE_TRACKS_WRITES, loads = flags & LEAKSCOPE_MODULE_TRACKS_LOADS;
  if (!writes && !loads) return;  // the shadow learns nothing from this module
  if (!loads) __atomic_fetch_add(&g_writes_only_modules, 1, __ATOMIC_RELAXED);
  __atomic_fetch_add(&g_modules, 1, __ATOMIC_RELEASE);
}

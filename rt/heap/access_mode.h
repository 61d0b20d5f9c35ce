// How the program's code was built, as far as the access shadow is concerned: every
// module the pass instrumented registers itself at start-up (a constructor the pass
// emits calls __leakscope_note_module with its flags, abi.h), so the runtime knows
// whether shadow stamps mean "accessed" (loads and stores tracked), "written" (built
// with track_loads=0), or nothing at all (no instrumented code: preload mode, or a
// program built without the pass), and reports say so.
//
// Invariant: one writes-only module makes the whole program writes-only (its reads are
// not seen, so "not accessed" would not be true); modules count from their constructor
// on, so code dlopen'ed later counts from then.
#pragma once

#include "base/common.h"

namespace leakscope {

enum class AccessMode {
  kNone,            // no instrumented module: the shadow knows nothing
  kWritesOnly,      // some module tracks writes only
  kReadsAndWrites,  // every module tracks loads and stores
};

// Modules that track writes or loads, and of those the ones that track writes only
// (access_mode.cpp counts them). Read inline: the string interceptors ask on every call.
extern u32 g_access_modules;
extern u32 g_access_writes_only_modules;
inline AccessMode GetAccessMode() {
  if (!__atomic_load_n(&g_access_modules, __ATOMIC_ACQUIRE)) return AccessMode::kNone;
  if (__atomic_load_n(&g_access_writes_only_modules, __ATOMIC_RELAXED)) return AccessMode::kWritesOnly;
  return AccessMode::kReadsAndWrites;
}
// Resolves the real libc functions behind the access interceptors
// (access_interceptors.cpp). Called by init.
void InitAccessInterceptors();
// The word report texts use: "accessed" or "written".
inline const char *AccessVerb(AccessMode m) {
  return m == AccessMode::kWritesOnly ? "written" : "accessed";
}

}  // namespace leakscope

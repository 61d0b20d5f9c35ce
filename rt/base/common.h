// Component base/ (the lowest): types, locks, the runtime's own memory, output. Calls no
// other component.
//
// Basic types and helpers shared by every runtime component (the lock types and their
// order are base/locks.h).
//
// The runtime lives inside the program it checks, so it follows three rules:
//  * it never allocates through the program's malloc (internal state comes from
//    internal_alloc.h, which maps memory directly);
//  * it never throws and never depends on libstdc++ symbols (C programs link it too);
//  * code that can run in a signal handler only touches async-signal-safe state.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace leakscope {

using uptr = uintptr_t;
using u8 = uint8_t;
using u16 = uint16_t;
using u32 = uint32_t;
using u64 = uint64_t;

#define LS_INTERFACE extern "C" __attribute__((visibility("default")))
#define LS_WEAK extern "C" __attribute__((weak, visibility("default")))
#define LS_LIKELY(x) __builtin_expect(!!(x), 1)
#define LS_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define LS_NOINLINE __attribute__((noinline))
#define LS_ALWAYS_INLINE inline __attribute__((always_inline))

constexpr uptr kPageSize = 4096;

inline uptr RoundUp(uptr x, uptr align) { return (x + align - 1) & ~(align - 1); }
inline uptr RoundDown(uptr x, uptr align) { return x & ~(align - 1); }
inline bool IsPowerOfTwo(uptr x) { return x && !(x & (x - 1)); }

}  // namespace leakscope

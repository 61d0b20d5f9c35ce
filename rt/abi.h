// The pass/runtime interface: every name and layout the instrumentation pass emits and
// the runtime reads lives here, and nowhere else. Included by pass/ (C++ with LLVM) and
// rt/; it has no dependencies.
//
// Bump kAbiVersion whenever a layout or a meaning changes: instrumented objects
// reference the symbol named by kAbiCheckSymbol, which only a runtime of the same
// version defines, so a mismatch fails at link time rather than at run time.
#pragma once

#include <stdint.h>

#define LEAKSCOPE_ABI_VERSION 2
#define LEAKSCOPE_ABI_CHECK_SYMBOL "__leakscope_abi_v2"

// Where the pass stores the site of the allocation call about to be made; the
// allocator takes and clears it. Thread-local, initial-exec.
#define LEAKSCOPE_PENDING_SITE_SYMBOL "__leakscope_pending_site"

// One allocation call site, a constant global emitted by the pass per call.
// Strings are NUL-terminated and may be empty; never null.
struct LeakScopeSite {
  const char *file;      // source file of the call ("" without debug info)
  const char *function;  // demangled name of the function containing the call
  const char *type;      // allocated type name when known, else ""
  const char *inlined;   // inline chain "f file:line:col;g file:line:col" (outermost last)
  uint32_t line;
  uint32_t column;
};

// ---- Heap range and write shadow --------------------------------------------------------
// Every chunk lives in [LEAKSCOPE_HEAP_BASE, LEAKSCOPE_HEAP_BASE + LEAKSCOPE_HEAP_SIZE). The
// base is a multiple of the (power-of-two) size, so "may p be heap?" is
//   (p - HEAP_BASE) < HEAP_SIZE   ==   (p >> LEAKSCOPE_HEAP_SHIFT) == LEAKSCOPE_HEAP_TAG
// and the second form needs no 64-bit immediates (instrumented code uses it).
#define LEAKSCOPE_HEAP_BASE 0x500000000000ULL
#define LEAKSCOPE_HEAP_SHIFT 41
#define LEAKSCOPE_HEAP_SIZE (1ULL << LEAKSCOPE_HEAP_SHIFT)  // 2 TiB
#define LEAKSCOPE_HEAP_TAG (LEAKSCOPE_HEAP_BASE >> LEAKSCOPE_HEAP_SHIFT)
// One shadow byte per 16-byte heap granule, at a fixed address so instrumented code
// computes it with constants:
//   shadow(p) = LEAKSCOPE_SHADOW_BASE + ((p - LEAKSCOPE_HEAP_BASE) >> LEAKSCOPE_SHADOW_SCALE)
// LEAKSCOPE_SHADOW_BASE is HEAP_BASE >> 4, so this is simply p >> 4: the 128 GiB shadow
// (HEAP_SIZE >> 4, reserved MAP_NORESERVE) sits at 0x050000000000, in the low address
// space that neither the kernel's mmap area, PIE images nor brk reach.
#define LEAKSCOPE_SHADOW_SCALE 4
#define LEAKSCOPE_GRANULE (1ULL << LEAKSCOPE_SHADOW_SCALE)
#define LEAKSCOPE_SHADOW_BASE (LEAKSCOPE_HEAP_BASE >> LEAKSCOPE_SHADOW_SCALE)
#define LEAKSCOPE_SHADOW_SIZE (LEAKSCOPE_HEAP_SIZE >> LEAKSCOPE_SHADOW_SCALE)
// A shadow byte holds the low 8 bits of the epoch at which its granule was last accessed
// (written, or read when loads are tracked; or allocated). The current epoch's low byte is the global below (u8, wraps at 256);
// instrumented code reads it with a relaxed load and writes the shadow only when the
// byte differs, so memory accessed again and again in one epoch has its shadow written
// once per epoch.
#define LEAKSCOPE_EPOCH_SYMBOL "__leakscope_epoch"
// void __leakscope_note_module(unsigned flags): called by a constructor the pass adds to
// every module it instruments, so the runtime knows what the shadow's stamps mean
// (heap/access_mode.h). flags: the bits below.
#define LEAKSCOPE_NOTE_MODULE_SYMBOL "__leakscope_note_module"
#define LEAKSCOPE_MODULE_TRACKS_WRITES 1u
#define LEAKSCOPE_MODULE_TRACKS_LOADS 2u

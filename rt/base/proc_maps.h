// The process's mappings as /proc/self/maps lists them, read with the runtime's own
// code: open/read syscalls into a fixed buffer, entries into an InternalVector, no
// malloc and no lock, so it can run with the world stopped (the kernel holds no lock
// of ours, and a stopped thread holds none of the kernel's).
//
// Used by the leak check for what it may read (check/readable_memory.h) and for the
// program's own anonymous mappings (check/mapped_roots.h).
#pragma once

#include "base/internal_alloc.h"

namespace leakscope {

enum MapKind : u8 {
  kMapAnonymous,  // no file: mmap(MAP_ANONYMOUS), [heap], [anon:NAME]
  kMapFile,       // backed by a file (a path, or a deleted one)
  kMapStack,      // [stack]: the main thread's stack
  kMapSpecial,    // [vdso], [vvar], [vsyscall], ...
};

struct MapEntry {
  uptr lo, hi;
  bool readable, writable;
  MapKind kind;
};

// Fills `out` in address order; false (and `out` empty) when the file cannot be read.
bool ReadProcMaps(InternalVector<MapEntry> *out);

// Exposed for tests: parses one line (without its newline).
bool ParseMapsLine(const char *line, uptr len, MapEntry *out);

}  // namespace leakscope

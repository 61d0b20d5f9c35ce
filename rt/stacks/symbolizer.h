// Symbolization of code addresses: function, file, line, column and inline frames.
//
// The work is done by llvm-symbolizer in a child process (as the sanitizers do): it
// reads DWARF, demangles and expands inline frames better than anything the runtime
// could carry. Addresses are sent as "MODULE OFFSET" with module-relative offsets, so
// PIE executables and shared libraries work. Without a symbolizer, frames fall back
// to the dynamic symbol table (dladdr) and to MODULE+OFFSET.
// Never called with the world stopped: it allocates internal memory and spawns.
#pragma once

#include "base/common.h"

namespace leakscope {

struct SymbolizedFrame {
  const char *function;  // "" when unknown
  const char *file;      // "" when unknown
  u32 line, column;
};

struct ModuleInfo {
  const char *path;  // absolute path of the file
  uptr base;         // load bias: the file's address 0 maps to `base`
  uptr lo, hi;       // extent of the module's executable segments
  u8 build_id[20];
  u32 build_id_size;
};

// Finds the module containing `pc`. Returns false when none does.
bool FindModule(uptr pc, ModuleInfo *out);

// Symbolizes `pc` (a return address minus one, or an exact PC). Fills up to `max`
// frames, innermost inline frame first; returns how many (at least 1: an unknown
// frame has empty function and file). Strings live until the process exits.
u32 Symbolize(uptr pc, SymbolizedFrame *frames, u32 max);

// Says what went wrong with the symbolizer since the last call (a timeout), once: the
// reports call it after their summary line, so the warning never splits a record.
void FlushSymbolizerWarnings();

// The demangled name of the data symbol at `offset` (an address of the file) of module
// `module_path`, from llvm-symbolizer's DATA query, into name[size). False without a
// symbolizer or when it knows no symbol there.
bool DemangleDataSymbol(const char *module_path, uptr offset, char *name, uptr size);

// In a forked child: forget the parent's symbolizer process (and its lock).
void SymbolizerAfterForkChild();

// Drops cached module lists (after dlopen/dlclose).
void RefreshModules();

}  // namespace leakscope

// Names of data addresses: which global variable of which module holds an address, for
// naming the roots of retention paths ("global g_index (app)").
//
// The module is the loaded object whose PT_LOAD segment contains the address; the name
// comes from the file's own symbol table (.symtab, else .dynsym): the STT_OBJECT or
// STT_TLS symbol whose [value, value + size) contains the address; a C++ name is
// demangled by llvm-symbolizer (its DATA query), and stays mangled without one. The file is mapped read-only; the last one looked
// up stays mapped for the next lookup (one mapping at most). Never called with the world stopped (it opens files and maps memory).
#pragma once

#include "base/common.h"

namespace leakscope {

// Fills name (the symbol, "" when none contains addr), *offset (addr - symbol start; with
// no symbol, addr's place in the module's own address space, which stays the same from
// run to run) and module (the file's base name). Returns false when no loaded module
// contains addr.
bool SymbolizeData(uptr addr, char *name, uptr name_size, uptr *offset, char *module,
                   uptr module_size);

}  // namespace leakscope

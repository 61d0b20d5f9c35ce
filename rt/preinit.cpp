// Only in the static runtime: executables may have a .preinit_array, shared objects may
// not. See init.cpp for why the runtime starts this early.
#include "init.h"

static void PreInit() { leakscope::InitRuntime(); }
__attribute__((section(".preinit_array"), used)) static void (*g_preinit)() = PreInit;

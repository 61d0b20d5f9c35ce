// Only in the static runtime: executables may have a .preinit_array, shared objects may
// not. See init.cpp for why the runtime starts this early.
//
// The dynamic linker runs .preinit_array before libc's own initialisation, which is
// what sets `environ`: until then getenv() sees no environment at all (and
// LEAKSCOPE_OPTIONS would be ignored). Preinit functions receive envp, so the runtime
// sets environ itself; libc later stores the same pointer.
#include <unistd.h>

#include "init.h"

static void PreInit(int, char **, char **envp) {
  if (!environ) environ = envp;
  leakscope::InitRuntime(envp);
}
__attribute__((section(".preinit_array"), used)) static void (*g_preinit)(int, char **, char **) = PreInit;

// Only in the static runtime: executables may have a .preinit_array, shared objects may
// not. See init.cpp for why the runtime starts this early.
#include "init.h"

// ld.so calls preinit functions with (argc, argv, envp), before libc has set `environ`.
static void PreInit(int, char **, char **envp) {
  leakscope::g_startup_envp = envp;
  leakscope::InitRuntime();
}
__attribute__((section(".preinit_array"), used)) static void (*g_preinit)(int, char **, char **) = PreInit;

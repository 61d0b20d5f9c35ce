// Only in the static runtime: executables may have a .preinit_array, shared objects may
// not. See init.cpp for why the runtime starts this early.
#include "init.h"

// The dynamic loader calls .preinit_array entries with (argc, argv, envp) before libc's
// own initialisation has set `environ`, so the environment comes from the argument.
static void PreInit(int, char **, char **envp) { leakscope::InitRuntime(envp); }
__attribute__((section(".preinit_array"), used)) static void (*g_preinit)(int, char **, char **) = PreInit;

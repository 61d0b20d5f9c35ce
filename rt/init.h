#pragma once

namespace leakscope {
// Initialises every component once; safe to call again.
void InitRuntime();

// The environment as the kernel passed it, saved by the .preinit_array entry: glibc sets
// `environ` only after the preinit functions ran, so getenv() returns null there.
extern char **g_startup_envp;
// getenv() that also works during preinit.
const char *GetEnv(const char *name);
}  // namespace leakscope

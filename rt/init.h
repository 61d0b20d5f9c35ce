#pragma once

namespace leakscope {
// Initialises every component once; safe to call again.
// `envp` is the environment when libc's `environ` may not be set yet (preinit).
void InitRuntime(char **envp = nullptr);
}  // namespace leakscope

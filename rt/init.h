#pragma once

namespace leakscope {
// Initialises every component once; safe to call again.
void InitRuntime();
}  // namespace leakscope

// The calling thread's stack bounds, for the unwinder and the checker's own frame.
//
// They belong to the stacks component, not to the thread registry, because the
// unwinder reads them on every allocation and must not call upward: the registry
// (world/threads.cpp) writes them when a thread registers, and everything else only
// reads them. 0 means unknown (a thread the runtime did not see start, or the main
// thread before the runtime's start-up: see DiscoverStackTop).
#pragma once

#include "base/common.h"

namespace leakscope {

extern __thread uptr tls_stack_hi __attribute__((tls_model("initial-exec")));
extern __thread uptr tls_stack_lo __attribute__((tls_model("initial-exec")));

// For a thread whose tls_stack_hi is unknown: on the main thread, its stack top; on
// another, its TCB when that tops its stack, else the end of the mapped memory above the
// current frame (at most 1 MiB); 0 when none can be known. Also stored in tls_stack_hi.
// No malloc (stack_bounds.cpp).
uptr DiscoverStackTop();

}  // namespace leakscope

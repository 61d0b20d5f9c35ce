// The "before destructors" point at exit: when main returns or exit() is called, before
// static destructors and atexit handlers run, so the heap is still as the program left
// it (by the time an atexit leak check runs, a global std::unordered_map has already
// been emptied by its destructor). Reports that describe live memory at exit (stale,
// pinned and reachable-site reports, the exit snapshot and its retention profile)
// register a hook here; the leak check itself stays at atexit, after destructors.
//
// Invariants:
//  * hooks run at most once per process, on the thread that returns from main or calls
//    exit(), in registration order; a hook that calls exit() does not run them again;
//  * the live frames' floor is noted first (exit_frame.h: main's wrapper frame when main
//    returned, exit()'s callers' frames when exit() was called), so a report that marks
//    the heap scans only live frames, as the at-exit leak check does;
//  * _exit(), quick_exit() and death by signal run no hooks, like atexit handlers.
//    A forked child that exits runs them again in the child (its own heap).
#pragma once

#include "base/common.h"

namespace leakscope {

constexpr int kMaxBeforeDestructorsHooks = 8;

// Registers fn (at init, before main). Fatal when the table is full.
void AddBeforeDestructorsHook(void (*fn)());
// Runs the hooks, once (start_main.cpp and the exit() interceptor, exit_frame.cpp).
void RunBeforeDestructorsHooks();

}  // namespace leakscope

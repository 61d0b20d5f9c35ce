// Work to do when the program is done but its heap is still as it left it: when main
// returns or exit() is called, before atexit handlers and static destructors run (by
// the time the leak check runs, a global container has been emptied by its
// destructor). The exit-time pinned and retention reports run here (DESIGN.md, "When").
//
// Hooks run once, in the order added, on the thread that returns from main or calls
// exit(). When main returned, its frames are dead (start_main.cpp notes it first,
// exit_frame.h, so the main stack is scanned only above main's wrapper). On exit(), they run
// as an atexit handler registered just before main: after handlers the program
// registered meanwhile (and destructors of function-local statics), before the
// destructors of static objects built before main. quick_exit and _exit skip them.
#pragma once

namespace leakscope {

typedef void (*BeforeExitHook)();
// At most kMaxBeforeExitHooks; called during start-up (not thread-safe).
void AddBeforeExitHook(BeforeExitHook hook);
// Runs the hooks (once per process; a forked child runs its own).
void RunBeforeExitHooks();

}  // namespace leakscope

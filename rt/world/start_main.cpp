// main() runs inside a wrapper, installed by intercepting __libc_start_main, so the
// runtime knows where main's frame was once main has returned (exit_frame.h).
//
// Why: the at-exit check runs inside exit(), on the main thread's stack, over the
// frames main and its callees left behind. Their dead slots still hold stale heap
// pointers, which would hide leaks. Once main has returned no frame of the program is
// live on the main stack, so the check scans it only from the wrapper's frame up.
// Returning from main is also the first of the two ways to the "before destructors"
// point (before_destructors.h); exit() called by the program is the other.
#include <dlfcn.h>
#include <stdlib.h>

#include "base/common.h"
#include "base/report_io.h"
#include "stacks/stack_trace.h"
#include "world/before_destructors.h"
#include "world/exit_frame.h"
#include "world/threads.h"

using namespace leakscope;

typedef int (*MainFn)(int, char **, char **);
typedef int (*StartMainFn)(MainFn, int, char **, void (*)(void), void (*)(void), void (*)(void),
                           void *);

static MainFn g_real_main;

LS_OUTERMOST_WRAPPER static int MainWrapper(int argc, char **argv, char **envp) {
  int status = g_real_main(argc, argv, envp);
  NoteMainReturned((uptr)__builtin_frame_address(0));
  RunBeforeDestructorsHooks();
  return status;
}

LS_INTERFACE int __libc_start_main(MainFn main, int argc, char **argv, void (*init)(void),
                                   void (*fini)(void), void (*rtld_fini)(void), void *stack_end) {
  StartMainFn real = (StartMainFn)dlsym(RTLD_NEXT, "__libc_start_main");
  if (!real) Fatal("cannot find the real __libc_start_main");
  g_real_main = main;
  return real(MainWrapper, argc, argv, init, fini, rtld_fini, stack_end);
}

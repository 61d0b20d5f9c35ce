// Where the program's live frames end when it exits, for the checking thread's stack
// scan (check/roots.cpp). Two ways out, two records:
//
//   main returns      start_main.cpp runs main in a wrapper and notes the wrapper's
//                     frame; once main has returned nothing of the program is live
//                     below it.
//   exit() is called  exit_frame.cpp interposes exit(): it pushes the callee-saved
//                     registers (live values of exit()'s callers) and notes the stack
//                     pointer and thread; everything below is dead at exit: the
//                     returned calls' frames, exit()'s own, the atexit handlers' and
//                     static destructors' that run before the check, and the check's.
//
// Without them the at-exit check scans those dead frames, whose slots still hold the
// pointers of calls that returned: a leak was then missed in some runs and not in others
// (test/lit/leaks/dead_stack_at_exit.cpp: about one run in four for exit() from a callee
// of main).
#pragma once

#include "base/common.h"

namespace leakscope {

// The lowest address of the live frames of thread `tid` after the program started
// exiting, or 0 when it has not (or on another thread).
uptr LiveStackFloorAtExit(int tid);
// start_main.cpp: main returned to its wrapper, whose frame starts at wrapper_frame.
void NoteMainReturned(uptr wrapper_frame);

}  // namespace leakscope

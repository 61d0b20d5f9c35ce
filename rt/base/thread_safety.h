// Clang's thread-safety annotations, under the runtime's own names.
//
// The runtime is compiled with -Wthread-safety -Werror=thread-safety (rt/CMakeLists.txt):
// a lock type is a CAPABILITY, the data it protects is GUARDED_BY it, a function that
// expects it held REQUIRES it, one that takes it itself EXCLUDES it. Code the analysis
// cannot follow (locks reached through the inventory's table, base/locks.h) says so with
// LS_NO_THREAD_SAFETY_ANALYSIS and a reason. test/build/thread_safety_* shows the flags
// reject a violation. Other compilers see empty macros.
#pragma once

#if defined(__clang__)
#define LS_TSA(x) __attribute__((x))
#else
#define LS_TSA(x)
#endif

#define LS_CAPABILITY(name) LS_TSA(capability(name))
#define LS_SCOPED_CAPABILITY LS_TSA(scoped_lockable)
#define LS_GUARDED_BY(x) LS_TSA(guarded_by(x))
#define LS_PT_GUARDED_BY(x) LS_TSA(pt_guarded_by(x))
#define LS_REQUIRES(...) LS_TSA(requires_capability(__VA_ARGS__))
#define LS_EXCLUDES(...) LS_TSA(locks_excluded(__VA_ARGS__))
#define LS_ACQUIRE(...) LS_TSA(acquire_capability(__VA_ARGS__))
#define LS_RELEASE(...) LS_TSA(release_capability(__VA_ARGS__))
#define LS_TRY_ACQUIRE(...) LS_TSA(try_acquire_capability(__VA_ARGS__))
#define LS_NO_THREAD_SAFETY_ANALYSIS LS_TSA(no_thread_safety_analysis)

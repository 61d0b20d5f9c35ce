// fork() in a threaded program: the child has one thread, but a copy of every lock
// the others held at the instant of fork. pthread_atfork handlers take every runtime
// lock before fork, in the order of the inventory (base/locks.h), and release them
// after it, in the parent and in the child: so the child never starts with a lock no
// thread will release, nor with the data a lock guards half-written (the symbolizer's
// and the snapshots' caches included). A thread holding a Mutex for long (a leak check
// reporting, a snapshot being written) makes fork wait asleep until it is done. The
// child's registry keeps only the forking thread, so its exit check stops nobody and
// scans the child's own memory.
//
// The handlers are registered at init, before the program's, so they run after the
// program's prepare handlers (which may allocate) and before its parent/child
// handlers. test/lit/threads/fork_lock_held.cpp forks while each lock is held.
#pragma once

namespace leakscope {

void InitFork();

}  // namespace leakscope

// Thread leaks: threads blocked forever in a futex wait (a mutex, condition variable,
// future, semaphore, ...) on an object no running thread can reach, found the way Go's
// goroutine-leak profile finds leaked goroutines.
//
// The fixed point (thread_leaks.cpp), with the world stopped:
//   1. mark from the globals, the root regions, the thread library's roots and every
//      thread that is not blocked in a futex wait (running, in read/poll/accept, asleep,
//      in a timed wait, or whose futex word lies outside the heap: a global, a stack);
//   2. a deferred thread whose futex word lies in a chunk marked by now becomes a root:
//      its stack, registers and TLS are scanned and the flood fill runs again;
//   3. repeat 2 until no deferred thread is promoted. The threads still deferred are
//      leaked: nothing that runs, or may run again, can reach their futex word, so
//      nothing can wake them (a futex wake or a store needs the word's address).
// Then, per group of leaked threads with the same creation stack, what only that group
// reaches (its "holds"), and last every leaked thread is scanned like any other, so the
// memory-leak classification is the one a check without this pass makes.
//
// Invariant: a thread is reported only when ClassifyWait (world/thread_waits.h) saw an
// untimed futex wait whose word still holds the expected value: one that sleeps when
// it resumes. Marking is monotone, so the order of promotions does not matter.
#pragma once

#include <sys/types.h>

#include "base/internal_alloc.h"
#include "world/thread_waits.h"

namespace leakscope {

class Marker;
class ReadableMemory;

constexpr u32 kMaxLeakTids = 16;      // thread ids listed per record
constexpr u32 kMaxWaitFrames = 32;    // frames of the blocked thread's own stack

// One record: the leaked threads with one creation stack (a pool's workers).
struct ThreadLeak {
  u32 creation_stack;  // depot id, 0 when unknown (the main thread)
  u32 threads;         // how many threads share the record
  pid_t tids[kMaxLeakTids];
  uptr futex;          // the first thread's futex word
  u64 held_bytes, held_objects;  // reachable only from this record's threads
  // The first thread's own stack, from its registers: [0] the interrupted PC, then
  // return addresses (frame-pointer walk, with a scan of the frames that keep none).
  u32 num_wait_pcs;
  uptr wait_pcs[kMaxWaitFrames];
  u32 wait_stack;      // the same frames in the depot, once the world runs again
};

// A thread blocked where reachability cannot judge it, or waiting on reachable memory:
// listed at verbosity=1.
enum WaitVerdict : u32 {
  kVerdictNotJudged = 0,   // a file descriptor, a timer or a signal may wake it
  kVerdictReachable = 1,   // futex word in memory running threads reach
  kVerdictOutsideHeap = 2, // futex word outside the heap (a global, a stack): a root
};
struct ThreadWaitNote {
  pid_t tid;
  WaitVerdict verdict;
  ThreadWait wait;
};

struct ThreadLeakSet {
  InternalVector<ThreadLeak> leaks;
  InternalVector<ThreadWaitNote> notes;
  void Reset() {
    leaks.Reset();
    notes.Reset();
  }
  u64 Threads() const;
  u64 HeldBytes() const;
};

// Before the world is stopped: lists the loaded modules' code (dl_iterate_phdr takes the
// loader's lock, which a stopped thread may hold), for reading the blocked threads'
// stacks.
void GatherThreadLeakCode();
// Steps 1-3 and the rest, inside the stopped-world callback, in place of ScanThreads
// plus FloodFill: globals, mappings and root regions are already scanned into `m`.
// `readable` (may be null: everything) is what the check may read: a futex word or a
// code byte outside it is never read.
void MarkThreadsFindingLeaks(Marker *m, const ReadableMemory *readable, ThreadLeakSet *out);
// After the world resumed: puts the wait stacks into the depot (wait_stack).
void FinishThreadLeaks(ThreadLeakSet *set);
// Drops the records a leak: suppression matches (suppressions.h), by a frame of the
// creation stack or of the thread's own stack; they count in the "Suppressions used"
// table as threads and held bytes. Symbolizes: after the world resumed.
void SuppressThreadLeaks(ThreadLeakSet *set);

}  // namespace leakscope

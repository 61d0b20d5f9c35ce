// The pass's options, in one place.
//
// Two ways to set them, because clang 19 rejects `-mllvm -leakscope-...` unless the
// plugin is also loaded with `-Xclang -load` (clang 22 and opt accept it):
//  * cl::opts, for opt and `-mllvm`:      -leakscope-track-writes=0  -leakscope-track-loads
//  * the environment, read by the pass:   LEAKSCOPE_PASS_OPTIONS="track_loads=1 track_writes=0"
//    (keys separated by spaces, ':' or ','). The environment wins when both are given.
//
//   track_writes (default 1)  record heap writes in the shadow (stores, atomics, mem intrinsics)
//   track_loads  (default 1)  record heap loads too: "last accessed"; with 0 the shadow
//                             means "last written" and the runtime's reports say so
//                             (every published staleness detector counts reads: a
//                             read-mostly table is not stale)
//
// What each mode costs. Run time over the same build with track_writes=0 (allocation
// sites, frame pointers and the runtime's allocation tracking, no shadow), from
// bench/run.sh's "Write bookkeeping" section (CPU, medians of 5 round-robin runs on a
// shared 2-core machine) and, more stably, instructions executed under callgrind
// (SQLite driver 20000 rows; LevelDB db_bench --num=20000):
//                          SQLite CPU   LevelDB CPU   SQLite instr.  LevelDB instr.
//   default (writes)       1.00x        1.00x         1.36x          1.12x
//   track_loads=1          1.11x        1.06x         ~2.0x
// The extra instructions are cheap (shifts, compares, predictable branches), hence the
// gap between instruction and CPU ratios. Binary text of the SQLite driver: plain
// 1.17 MB, track_writes=0 1.26 MB, default 1.64 MB, track_loads=1 2.18 MB.
// Compile time of sqlite3.c at -O2, plugin vs plain clang (bench/realcode/run.sh
// compile, median CPU of 3): 0.94x with LLVM 19 (noisy), 1.15x with LLVM 22; at -O0
// more (-O0 code reloads every pointer from its stack slot, so little is deduplicated).
#pragma once

namespace leakscope {

struct PassOptions {
  bool TrackWrites = true;
  bool TrackLoads = true;
};

// The options in effect. A bad LEAKSCOPE_PASS_OPTIONS entry is reported on stderr with
// one "LeakScope: " line and ignored.
PassOptions GetPassOptions();

}  // namespace leakscope

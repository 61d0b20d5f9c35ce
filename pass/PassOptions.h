// The pass's options, in one place.
//
// Two ways to set them, because clang 19 rejects `-mllvm -leakscope-...` unless the
// plugin is also loaded with `-Xclang -load` (clang 22 and opt accept it):
//  * cl::opts, for opt and `-mllvm`:      -leakscope-track-writes=0  -leakscope-track-loads
//  * the environment, read by the pass:   LEAKSCOPE_PASS_OPTIONS="track_loads=1 track_writes=0"
//    (keys separated by spaces, ':' or ','). The environment wins when both are given.
//
//   track_writes (default 1)  record heap writes in the shadow (stores, atomics, mem intrinsics)
//   track_loads  (default 0)  record heap loads too: "last touched" instead of "last written"
//
// What each mode costs (bench/realcode/run.sh modes: SQLite driver, 200000 rows, -O2,
// LLVM 19, best user time of three on a shared 2-core machine; text = binary size):
//   plain clang                  1.06 s  1.00x   text 1.17 MB
//   plugin, track_writes=0       1.28 s  1.21x   text 1.20 MB  (runtime allocator, sites)
//   plugin, default (writes)     1.47 s  1.39x   text 1.75 MB
//   plugin, track_loads=1        1.94 s  1.83x   text 2.73 MB
// Compile time of sqlite3.c at -O2, plugin vs plain clang: 1.11x (LLVM 19, best user
// time of two), 0.98x-1.17x in single wall-clock runs; at -O0 about 1.3x-2x (-O0 code
// reloads every pointer from its stack slot, so little is deduplicated).
#pragma once

namespace leakscope {

struct PassOptions {
  bool TrackWrites = true;
  bool TrackLoads = false;
};

// The options in effect. A bad LEAKSCOPE_PASS_OPTIONS entry is reported on stderr with
// one "LeakScope: " line and ignored.
PassOptions GetPassOptions();

}  // namespace leakscope

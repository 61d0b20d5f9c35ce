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

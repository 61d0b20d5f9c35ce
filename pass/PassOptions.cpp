#include "PassOptions.h"

#include <cstdlib>

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace leakscope {

static cl::opt<bool> ClTrackWrites("leakscope-track-writes", cl::Hidden, cl::init(true),
                                   cl::desc("LeakScope: record heap writes in the shadow"));
static cl::opt<bool> ClTrackLoads("leakscope-track-loads", cl::Hidden, cl::init(true),
                                  cl::desc("LeakScope: record heap loads in the shadow too"));
static cl::opt<bool> ClStats("leakscope-stats", cl::Hidden, cl::init(false),
                             cl::desc("LeakScope: print what the pass instrumented and skipped"));

static bool ParseBool(StringRef V, bool *Out) {
  if (V == "1" || V == "true") return *Out = true, true;
  if (V == "0" || V == "false") return *Out = false, true;
  return false;
}

PassOptions GetPassOptions() {
  PassOptions O;
  O.TrackWrites = ClTrackWrites;
  O.TrackLoads = ClTrackLoads;
  O.Stats = ClStats;
  const char *Env = std::getenv("LEAKSCOPE_PASS_OPTIONS");
  if (!Env) return O;
  SmallVector<StringRef, 4> Items;
  StringRef(Env).split(Items, ' ', -1, false);
  SmallVector<StringRef, 4> Flat;
  for (StringRef Item : Items) {
    SmallVector<StringRef, 4> Parts;
    Item.split(Parts, ':', -1, false);
    for (StringRef P : Parts) P.split(Flat, ',', -1, false);
  }
  for (StringRef Item : Flat) {
    auto [Key, Value] = Item.split('=');
    bool *Target = Key == "track_writes" ? &O.TrackWrites
                   : Key == "track_loads" ? &O.TrackLoads
                   : Key == "stats"       ? &O.Stats
                                          : nullptr;
    if (!Target || !ParseBool(Value, Target))
      errs() << "LeakScope: bad LEAKSCOPE_PASS_OPTIONS entry '" << Item
             << "' (expected track_writes=0|1, track_loads=0|1 or stats=0|1)\n";
  }
  return O;
}

}  // namespace leakscope

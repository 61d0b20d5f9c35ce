#include "stop_the_world.h"

#include "roots.h"
#include "threads.h"

namespace leakscope {

// First slice: the calling thread only. Other threads are the next step (issue 3).
void RunWithWorldStopped(StoppedWorldCallback cb, void *arg) {
  ThreadRegistryLock();
  cb(arg);
  ThreadRegistryUnlock();
}

void ScanThreads(Marker *m) { ScanCurrentThread(m); }

void InitStopTheWorld() {}

}  // namespace leakscope

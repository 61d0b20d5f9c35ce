#include "snapshot.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gzip_writer.h"
#include "heap_profile.h"
#include "leak_check.h"
#include "leak_report.h"
#include "options.h"
#include "report_io.h"
#include "snapshot_file.h"

namespace leakscope {

namespace {
SpinLock g_snapshot_lock;  // one snapshot at a time; guards g_seq and g_warned_fallback
u64 g_seq;
bool g_warned_fallback;
}  // namespace

// Snapshots take milliseconds to seconds: wait for the lock by sleeping, not spinning.
static void LockSnapshots() {
  while (!g_snapshot_lock.TryLock()) {
    struct timespec ts = {0, 1000 * 1000};
    nanosleep(&ts, nullptr);
  }
}

void ResetSnapshotLockAfterFork() { g_snapshot_lock.Unlock(); }

static u64 NowNanos() {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (u64)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

// Leaked objects and bytes per entry (parallel to `entries`): both kinds of leak
// (direct and indirect) count, as in the leak report's summary.
static void CountLeaks(LeakSet &leaks, InternalVector<StackEntry *> &entries,
                       InternalVector<LeakCounts> *out) {
  InternalVector<LeakCounts> by_id;
  by_id.resize(DepotCount() + 1);
  for (LeakRecord &r : leaks.records) {
    if (r.stack_id >= by_id.size()) continue;
    by_id[r.stack_id].objects += r.objects;
    by_id[r.stack_id].bytes += r.bytes;
  }
  out->resize(entries.size());
  for (uptr i = 0; i < entries.size(); i++)
    if (entries[i]->id < by_id.size()) (*out)[i] = by_id[entries[i]->id];
}

static void Encode(const char *why, InternalVector<u8> *gz) {
  bool with_leaks = g_options.snapshot_leaks && g_options.detect_leaks;
  // Mark first: every chunk the marking saw has its stack in the depot by then.
  LeakSet leak_set;
  if (with_leaks) CollectLeaksNow(&leak_set);
  InternalVector<StackEntry *> entries;
  CollectDepotEntries(&entries);
  InternalVector<LeakCounts> leaks;
  if (with_leaks) CountLeaks(leak_set, entries, &leaks);
  char comment[128];
  snprintf(comment, sizeof(comment), "LeakScope heap snapshot (%s)", why);
  HeapProfileInput in = {entries.begin(), entries.size(), with_leaks, leaks.begin(),
                         NowNanos(), comment};
  ProtoWriter w;
  BuildHeapProfile(in, &w);
  GzipStored(w.data(), w.size(), gz);
}

static bool IsPermissionError(int err) { return err == EACCES || err == EPERM || err == EROFS; }

bool WriteHeapSnapshot(const char *path, const char *why) {
  LockSnapshots();
  char name[4096], error[4200];
  bool ok = true;
  if (!path) {
    ok = ExpandSnapshotPath(g_options.snapshot_path, (int)getpid(), ++g_seq, name, sizeof(name),
                            error, sizeof(error));
    if (!ok) Warn("cannot write a heap snapshot: %s", error);
  } else if (strlen(path) >= sizeof(name)) {
    Warn("cannot write heap snapshot %.200s...: the path is too long", path);
    ok = false;
  } else {
    strcpy(name, path);
  }
  if (ok) {
    InternalVector<u8> gz;
    Encode(why, &gz);
    const char *step = "";
    int err = WriteFileAtomically(name, gz.begin(), gz.size(), &step);
    // A pattern without a directory means "the working directory"; when that is not
    // writable, $TMPDIR (or /tmp) is the next best place.
    if (err && !path && IsPermissionError(err) && !strchr(name, '/')) {
      const char *tmpdir = getenv("TMPDIR");
      if (!tmpdir || !*tmpdir) tmpdir = "/tmp";
      char fallback[4096];
      int n = snprintf(fallback, sizeof(fallback), "%s/%s", tmpdir, name);
      if (n > 0 && n < (int)sizeof(fallback)) {
        if (!g_warned_fallback) {
          g_warned_fallback = true;
          Warn("cannot write heap snapshots in the working directory (%s); writing them in %s",
               strerror(err), tmpdir);
        }
        strcpy(name, fallback);
        err = WriteFileAtomically(name, gz.begin(), gz.size(), &step);
      }
    }
    if (err) {
      Warn("cannot write heap snapshot %s: %s failed: %s", name, step, strerror(err));
      ok = false;
    } else {
      Warn("wrote heap snapshot %s", name);
    }
  }
  g_snapshot_lock.Unlock();
  return ok;
}

}  // namespace leakscope

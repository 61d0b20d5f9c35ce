#include "profile/snapshot.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/locks.h"
#include "base/report_io.h"
#include "check/leak_check.h"
#include "check/leak_set.h"
#include "check/stale_set.h"
#include "heap/access_mode.h"
#include "heap/epoch_clock.h"
#include "options.h"
#include "stacks/symbolizer.h"
#include "profile/gzip_writer.h"
#include "profile/heap_profile.h"
#include "profile/pinned_samples.h"
#include "profile/retention_profile.h"
#include "profile/snapshot_file.h"
#include "profile/snapshot_keep.h"

namespace leakscope {

namespace {
// One snapshot at a time; guards everything below. A Mutex: snapshots take milliseconds
// to seconds, and whoever waits (the exit path, fork) sleeps.
Mutex g_snapshot_lock{LockRank::kSnapshot};
LS_REGISTER_LOCK(g_snapshot_lock);
u64 g_seq LS_GUARDED_BY(g_snapshot_lock);
bool g_warned_fallback LS_GUARDED_BY(g_snapshot_lock);
// Kept from one snapshot to the next, so that a warm snapshot neither symbolizes nor
// maps memory: munmap and mremap take the address-space lock for writing, which stalls
// every program thread that page-faults meanwhile, and munmap interrupts the program's
// CPUs to flush their TLBs. The buffers only grow (to the largest snapshot so far).
ProfileCache *g_cache LS_GUARDED_BY(g_snapshot_lock);
InternalVector<StackEntry *> *g_entries LS_GUARDED_BY(g_snapshot_lock);
InternalVector<BucketCounters> *g_counts LS_GUARDED_BY(g_snapshot_lock);  // parallel to g_entries
ProtoWriter *g_proto LS_GUARDED_BY(g_snapshot_lock);
InternalVector<u8> *g_gz LS_GUARDED_BY(g_snapshot_lock);
// The same for stale memory: the set, stack id -> entry index, the samples.
StaleSet *g_stale_set LS_GUARDED_BY(g_snapshot_lock);
InternalVector<u32> *g_stale_index LS_GUARDED_BY(g_snapshot_lock);
InternalVector<u32> *g_stale_next LS_GUARDED_BY(g_snapshot_lock);
InternalVector<StaleSample> *g_stale LS_GUARDED_BY(g_snapshot_lock);
}  // namespace

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

static void Pace();

// The stale samples of `entries` (sorted by entry, then age), in linear time: the stale
// set's records (keyed by stack id and age range) are chained per stack, then read in
// entry order; a stack has at most kNumStaleAgeRanges of them, put in age order as they
// are copied out. With every block stale there is a record per stack: a sort of them
// all was a millisecond the program waited for on a single CPU.
static void StaleSamples(StaleSet &set, InternalVector<StackEntry *> &entries,
                         InternalVector<StaleSample> *out) LS_REQUIRES(g_snapshot_lock) {
  InternalVector<u32> &first = *g_stale_index;  // stack id -> its first record + 1
  InternalVector<u32> &next = *g_stale_next;    // record -> the next one of its stack + 1
  InternalVector<StaleRecord> &records = set.records;
  first.clear();
  first.resize(DepotCount() + 1);
  next.clear();
  next.resize(records.size());
  out->clear();
  for (uptr k = 0; k < records.size(); k++) {
    u32 id = records[k].stack_id;
    if (id >= first.size()) continue;
    next[k] = first[id];
    first[id] = (u32)k + 1;
  }
  u32 threshold = (u32)(set.min_age_ns / 1000000000ull);
  for (uptr i = 0; i < entries.size(); i++) {
    if (i % 1024 == 1023) Pace();
    u32 id = entries[i]->id;
    if (id >= first.size()) continue;
    uptr begin = out->size();
    for (u32 k = first[id]; k; k = next[k - 1]) {
      const StaleRecord &r = records[k - 1];
      u32 age = kStaleAgeRanges[r.age_range] > threshold ? kStaleAgeRanges[r.age_range] : threshold;
      StaleSample sample = {(u32)i, age, r.objects, r.bytes};
      uptr j = out->size();
      out->push_back(sample);
      for (; j > begin && (*out)[j - 1].age_s > age; j--) (*out)[j] = (*out)[j - 1];
      (*out)[j] = sample;
    }
  }
}

// The writer shares the CPUs with the program. On a machine whose CPUs are all busy, a
// snapshot written in one go takes a CPU away from a program thread for the whole write
// (about 1.5 ms per 10,000 stacks): that thread stops for as long. So after every
// kPaceNanos of work the writer steps aside for a moment (kPauseNanos, plus the
// kernel's timer slack): a program thread queued on its CPU runs, and one queued
// behind another process on a busier CPU is pulled over to the idle one. sched_yield
// would do neither as well: it hands the CPU only to a thread queued on the same CPU,
// and then for a whole time slice (snapshots took 3-5x longer under load).
// The program then waits at most ~kPaceNanos for the writer, however many stacks there
// are; on an idle machine a snapshot of 10,000 stacks ends ~1 ms later. After
// kPaceLimitNanos a snapshot runs to its end, so that it always ends.
constexpr u64 kPaceNanos = 100 * 1000;
constexpr long kPauseNanos = 20 * 1000;
constexpr u64 kPaceLimitNanos = 1000 * 1000 * 1000;
static u64 g_pace_start LS_GUARDED_BY(g_snapshot_lock), g_pace_since LS_GUARDED_BY(g_snapshot_lock);

// Passed as a callback to the encoder and the writer, which the analysis cannot follow;
// they call it only inside WriteHeapSnapshot, under g_snapshot_lock.
static void Pace() LS_NO_THREAD_SAFETY_ANALYSIS {
  u64 now = MonotonicNanos();
  if (now - g_pace_since < kPaceNanos || now - g_pace_start > kPaceLimitNanos) return;
  struct timespec ts = {0, kPauseNanos};
  nanosleep(&ts, nullptr);
  g_pace_since = MonotonicNanos();
}

// Encodes the snapshot into *g_gz.
static void EncodeLocked(const char *why) LS_REQUIRES(g_snapshot_lock) {
  if (!g_cache) {
    g_cache = NewProfileCache();
    g_entries = InternalNew<InternalVector<StackEntry *>>();
    g_counts = InternalNew<InternalVector<BucketCounters>>();
    g_proto = InternalNew<ProtoWriter>();
    g_gz = InternalNew<InternalVector<u8>>();
    g_stale_set = InternalNew<StaleSet>();
    g_stale_index = InternalNew<InternalVector<u32>>();
    g_stale_next = InternalNew<InternalVector<u32>>();
    g_stale = InternalNew<InternalVector<StaleSample>>();
  }
  g_pace_start = g_pace_since = MonotonicNanos();
  bool with_leaks = g_options.snapshot_leaks && g_options.detect_leaks;
  // Every snapshot starts an epoch: "not accessed since the previous snapshot" is a
  // question the shadow can answer.
  AdvanceEpoch();
  // Mark first: every chunk the marking saw has its stack in the depot by then.
  LeakSet leak_set;
  if (with_leaks) CollectLeaksNow(&leak_set);
  // Stale memory needs code built with the pass: without it the shadow knows nothing
  // and every block would look stale, so the sample types are left out.
  bool with_stale = GetAccessMode() != AccessMode::kNone;
  StaleSet &stale_set = *g_stale_set;
  if (with_stale)
    CollectStaleNow(&stale_set, (u32)g_options.stale_after_s, /*by_age_range=*/true,
                    with_leaks ? StaleMark::kUseLastMark : StaleMark::kNoMark, Pace);
  g_entries->clear();
  g_counts->clear();
  CollectDepotEntries(g_entries, g_counts);
  InternalVector<LeakCounts> leaks;
  if (with_leaks) CountLeaks(leak_set, *g_entries, &leaks);
  char comment[192];
  int len = snprintf(comment, sizeof(comment), "LeakScope heap snapshot (%s)", why);
  // Thread leaks found by this snapshot's marking: a count in the comment (pprof -comments).
  if (with_leaks && g_options.detect_thread_leaks && len > 0 && len < (int)sizeof(comment))
    snprintf(comment + len, sizeof(comment) - len, "; %llu leaked thread(s) holding %llu byte(s)",
             (unsigned long long)leak_set.threads.Threads(),
             (unsigned long long)leak_set.threads.HeldBytes());
  HeapProfileInput in = {g_entries->begin(), g_counts->begin(), g_entries->size(), with_leaks, leaks.begin(),
                         NowNanos(), comment, Pace};
  if (with_stale) {
    StaleSamples(stale_set, *g_entries, g_stale);
    in.with_stale = true;
    in.stale = g_stale->begin();
    in.num_stale = g_stale->size();
    in.stale_after_s = (u32)g_options.stale_after_s;
  }
  InternalVector<u64> pinned;
  if (g_options.report_pinned) {
    PinnedBytesByEntry(*g_entries, &pinned);  // pinned_samples.h
    in.pinned = pinned.begin();
  }
  g_proto->Clear();
  BuildHeapProfile(in, g_proto, g_cache);
  g_gz->clear();
  Pace();
  GzipStored(g_proto->data(), g_proto->size(), g_gz, Pace);
  Pace();
}

static bool IsPermissionError(int err) { return err == EACCES || err == EPERM || err == EROFS; }

bool WriteHeapSnapshot(const char *path, const char *why) {
  ScopedLock l(&g_snapshot_lock);
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
    EncodeLocked(why);
    InternalVector<u8> &gz = *g_gz;
    const char *step = "";
    int err = WriteFileAtomically(name, gz.begin(), gz.size(), &step, Pace);
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
        err = WriteFileAtomically(name, gz.begin(), gz.size(), &step, Pace);
      }
    }
    if (err == kErrNotRegular) {
      Warn("cannot write heap snapshot %s: it exists and is not a regular file, a character "
           "device or a FIFO; LeakScope does not replace it", name);
      ok = false;
    } else if (err) {
      Warn("cannot write heap snapshot %s: %s failed: %s", name, step, strerror(err));
      ok = false;
    } else {
      Warn("wrote heap snapshot %s", name);
      if (!path) NoteSnapshotWritten(name);
      char retained[4096 + 32];
      if (g_options.snapshot_retention && RetentionProfileName(name, retained, sizeof(retained)))
        WriteRetentionProfile(retained, nullptr);  // retention_profile.h
    }
  }
  FlushSymbolizerWarnings();
  return ok;
}

}  // namespace leakscope

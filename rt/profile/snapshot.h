// Component profile/ (the highest): snapshot triggers and writer, pprof encoder, gzip.
// May call every other component.
//
// Heap snapshots: the profile (heap_profile.h), gzipped (gzip_writer.h), written to a
// file named from snapshot_path (snapshot_file.h), one log line per file.
//
// Writes are serialised by one lock: a snapshot requested while another is being
// written waits for it. Nothing here runs in a signal handler; the triggers
// (snapshot_trigger.h) call it from the snapshot thread, at exit, or from the API.
// A failed write is logged with its reason and the program carries on.
//
// The program is not stopped (unless snapshot_leaks marks the heap): the writer reads
// per-stack counters, reuses what earlier snapshots symbolized and encoded, maps no
// memory once warm, and steps off its CPU every ~100 us of work so that a program
// thread waiting for that CPU runs (snapshot.cpp).
#pragma once

#include "base/common.h"

namespace leakscope {

// Writes one snapshot. `path` nullptr: the next name from snapshot_path (with the
// $TMPDIR fallback); else exactly `path`. `why` goes into the profile's comment.
// Returns true when the file was written.
bool WriteHeapSnapshot(const char *path, const char *why);

}  // namespace leakscope

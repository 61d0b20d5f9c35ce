// snapshot_keep=N: the newest N snapshot files this process wrote from snapshot_path
// stay, older ones are deleted as each new one lands (0: all stay).
//
// Only files this process wrote itself through the pattern (signal, interval and exit
// snapshots, and __leakscope_write_snapshot(NULL)) are counted and deleted, oldest
// first; a path given to the API, files of other processes and earlier runs are never
// touched. A name is deleted only while it is still a regular file (a device or FIFO
// named by snapshot_path is written into, never deleted). Called with the snapshot lock
// held; the list lives in internal memory.
#pragma once

namespace leakscope {

// `name` was just written (the final name, after any $TMPDIR fallback).
void NoteSnapshotWritten(const char *name);

}  // namespace leakscope

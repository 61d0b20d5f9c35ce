// Where a heap snapshot goes and how it gets there.
//
// Names come from the snapshot_path pattern: %p is the process id, %n the snapshot's
// sequence number in this process (1, 2, ...), %% a '%'. A file is written under a
// temporary name in its final directory, created with O_CREAT|O_EXCL|O_NOFOLLOW and mode
// 0600 (never through a symlink, never into an existing file), then renamed into place
// (rename replaces a symlink at the final name, it never follows it): a reader never
// sees a half-written snapshot, and a failed write leaves nothing behind. A name that
// holds something other than a regular file is never replaced (see below).
#pragma once

#include "base/common.h"

namespace leakscope {

// Expands `pattern` into out[0, size). Returns false when the result does not fit or
// the pattern has an unknown %-sequence (the message names it, in `error`).
bool ExpandSnapshotPath(const char *pattern, int pid, u64 seq, char *out, uptr size,
                        char *error, uptr error_size);

// Writes data[0, len) to `path` through a temporary file and rename(2). Returns 0, or
// the errno of the step that failed, with that step's name in *step ("create", "write",
// "rename"). What is not a regular file is never replaced: a character device or a FIFO
// at `path` (also /dev/full) is written into directly (steps "open", "write"); a
// directory, block device or socket, or a symlink to one of those, is refused with
// kErrNotRegular. `pace`, when given, is called between the steps and between pieces of
// the write (128 KiB each): see snapshot.cpp.
constexpr int kErrNotRegular = -1;
int WriteFileAtomically(const char *path, const u8 *data, uptr len, const char **step,
                        void (*pace)() = nullptr);

}  // namespace leakscope

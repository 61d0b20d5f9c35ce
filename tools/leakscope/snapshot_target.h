// Asking a running process for a heap snapshot, safely.
//
// SIGUSR1's default action is to terminate, so the signal is sent only to a process that
// (1) has the LeakScope runtime: libleakscope_rt.so mapped (preload mode), or a
//     __leakscope_* symbol in its executable's symbol tables (linked in; the runtime
//     defines __leakscope_abi_v1 and references its weak hooks, which stay in .dynsym
//     even after `strip`), and
// (2) catches SIGUSR1 right now (its bit in SigCgt of /proc/PID/status): a runtime with
//     snapshots turned off, or one too old to have them, does not.
// Both are checked before every signal. The target's LEAKSCOPE_OPTIONS (read from
// /proc/PID/environ with the runtime's own parser, target_options.h) can move the
// signal (snapshot_signal) and the file (snapshot_path); options set through __leakscope_default_options() are not visible
// from outside, so such a target needs the defaults. The runtime answers by writing
// leakscope.<pid>.<n>.pb.gz into its working directory, or into $TMPDIR (/tmp) when that
// fails; the file is found by looking in those places for a name that is new or newer
// than before the signal, and accepted once it parses as a complete profile. Requests
// to one target are made one at a time (an flock on its snapshot directory), so
// concurrent snaps each get a file of their own although the runtime coalesces
// requests that arrive while it writes.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace leakscope::tool {

struct SnapshotTarget {
  pid_t pid = 0;
  std::string command;                 // /proc/PID/comm, for messages
  int signal = 10;                     // snapshot_signal of the target (SIGUSR1 by default)
  std::vector<std::string> dirs;       // where snapshots may appear, in order
  // Snapshot file names are prefix + sequence number + suffix (from snapshot_path;
  // "leakscope.PID." and ".pb.gz" by default); without %n the name is prefix alone.
  std::string prefix, suffix;
  bool numbered = true;
  bool retention = false;              // snapshot_retention: NAME.retained.pb.gz beside each
};

// Parses a PID argument; false with *error on anything but a positive number.
bool ParsePid(const std::string &s, pid_t *pid, std::string *error);
// Checks (1) and (2) above; false with a one-line "LeakScope: ..." *error otherwise.
bool CheckSnapshotTarget(pid_t pid, SnapshotTarget *out, std::string *error);
// Sends SIGUSR1 (after re-checking) and waits up to `timeout_s` for the snapshot file;
// *path gets its path.
bool TakeSnapshot(const SnapshotTarget &t, double timeout_s, std::string *path, std::string *error);
// Moves `from` to `to`, copying when they are on different file systems; false with a
// one-line *error.
bool MoveSnapshotFile(const std::string &from, const std::string &to, std::string *error);
// The retention profile beside snapshot `path` (NAME.pb.gz -> NAME.retained.pb.gz).
std::string RetainedProfileName(const std::string &path);
// Waits up to `timeout_s` for the retention profile `path` to exist and parse (it is
// written right after its snapshot); false with a one-line *error.
struct Profile;
bool WaitForRetentionProfile(const std::string &path, double timeout_s, Profile *p, std::string *error);
// True while the process exists and is not a zombie.
bool ProcessAlive(pid_t pid);

}  // namespace leakscope::tool

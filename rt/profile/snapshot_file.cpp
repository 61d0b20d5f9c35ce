#include "profile/snapshot_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/runtime_fd.h"

namespace leakscope {

bool ExpandSnapshotPath(const char *pattern, int pid, u64 seq, char *out, uptr size,
                        char *error, uptr error_size) {
  uptr n = 0;
  for (const char *p = pattern; *p; p++) {
    char piece[32];
    const char *add = piece;
    if (*p != '%') {
      piece[0] = *p;
      piece[1] = 0;
    } else if (p[1] == 'p') {
      snprintf(piece, sizeof(piece), "%d", pid);
      p++;
    } else if (p[1] == 'n') {
      snprintf(piece, sizeof(piece), "%llu", (unsigned long long)seq);
      p++;
    } else if (p[1] == '%') {
      add = "%";
      p++;
    } else {
      snprintf(error, error_size, "snapshot_path '%s': unknown sequence '%%%c' (use %%p, %%n or %%%%)",
               pattern, p[1] ? p[1] : ' ');
      return false;
    }
    uptr k = strlen(add);
    if (n + k + 1 > size) {
      snprintf(error, error_size, "snapshot_path '%s' is too long", pattern);
      return false;
    }
    memcpy(out + n, add, k);
    n += k;
  }
  if (!n) {
    snprintf(error, error_size, "snapshot_path is empty");
    return false;
  }
  out[n] = 0;
  return true;
}

static int WriteAll(int fd, const u8 *data, uptr len, void (*pace)()) {
  constexpr uptr kPiece = 128 << 10;
  while (len) {
    if (pace) pace();
    ssize_t n = write(fd, data, pace && len > kPiece ? kPiece : len);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (n == 0) return EIO;
    data += n;
    len -= n;
  }
  return 0;
}

// snapshot_path names a character device or a FIFO (/dev/null, /dev/full, a pipe a
// collector reads): the bytes go into it as they are, and a failed write (ENOSPC from
// /dev/full) is the result. O_NONBLOCK only for the open: a FIFO without a reader fails
// with ENXIO instead of hanging the snapshot thread.
static int WriteIntoDevice(const char *path, const u8 *data, uptr len, const char **step,
                           void (*pace)()) {
  int fd = KeepOffStdio(open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
  if (fd < 0) {
    *step = "open";
    return errno;
  }
  int flags = fcntl(fd, F_GETFL);
  if (flags >= 0) fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  int err = WriteAll(fd, data, len, pace);
  if (close(fd) != 0 && !err) err = errno;
  *step = "write";
  return err;
}

int WriteFileAtomically(const char *path, const u8 *data, uptr len, const char **step,
                        void (*pace)()) {
  // What is at the name decides how to write: rename(2) would replace a device node, a
  // FIFO or a socket with a regular file (as root, /dev/null became a 0600 file).
  struct stat st;
  if (lstat(path, &st) == 0) {
    if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))
      return WriteIntoDevice(path, data, len, step, pace);
    struct stat target;
    bool dangling_or_regular =
        S_ISLNK(st.st_mode) && (stat(path, &target) != 0 || S_ISREG(target.st_mode));
    if (!S_ISREG(st.st_mode) && !dangling_or_regular) {
      *step = "";
      return kErrNotRegular;
    }
  }
  char tmp[4200];
  int fd = -1;
  // A few attempts with different suffixes: O_EXCL refuses an existing name.
  for (int attempt = 0; attempt < 16 && fd < 0; attempt++) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    int n = snprintf(tmp, sizeof(tmp), "%s.tmp.%d.%lx", path, (int)getpid(),
                     (unsigned long)(ts.tv_nsec ^ (attempt * 0x9E3779B9ul)));
    if (n < 0 || n >= (int)sizeof(tmp)) {
      *step = "create";
      return ENAMETOOLONG;
    }
    fd = KeepOffStdio(open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (fd < 0 && errno != EEXIST) break;
  }
  if (fd < 0) {
    *step = "create";
    return errno;
  }
  int err = WriteAll(fd, data, len, pace);
  if (close(fd) != 0 && !err) err = errno;
  if (pace) pace();
  if (err) {
    unlink(tmp);
    *step = "write";
    return err;
  }
  if (rename(tmp, path) != 0) {
    err = errno;
    unlink(tmp);
    *step = "rename";
    return err;
  }
  return 0;
}

}  // namespace leakscope

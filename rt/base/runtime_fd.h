// The runtime's own file descriptors stay off 0, 1 and 2.
//
// A program may close its standard streams: coreutils close stdout and stderr at exit
// (close_stdout), daemons close all three. The kernel then hands out the lowest free
// number, so the next descriptor the runtime made (the snapshot thread's signalfd, a
// snapshot's temporary file, the symbolizer's socket, a report file) became fd 2: the
// leak report went into the signalfd and was lost (seen with `leakscope run -- sort`),
// and the program's own writes to stderr would have gone into a snapshot or to
// llvm-symbolizer. Every descriptor the runtime creates passes through KeepOffStdio.
#pragma once

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

namespace leakscope {

// Returns fd itself when it is above 2 (or negative: a failed call, errno untouched);
// otherwise a close-on-exec duplicate at 3 or above, with the low one closed (-1 when
// no duplicate could be made).
inline int KeepOffStdio(int fd) {
  if (fd < 0 || fd > 2) return fd;
  int moved = fcntl(fd, F_DUPFD_CLOEXEC, 3);
  int err = errno;
  close(fd);
  errno = err;
  return moved;
}

}  // namespace leakscope

#include "base/report_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/report_io.h"
#include "base/runtime_fd.h"

namespace leakscope {

int CreateReportFile(const char *path, const char *what, int flags, const char *then,
                     const char *extension) {
  char first[4096], name[4200];
  int pid = (int)getpid();
  int n = snprintf(first, sizeof(first), "%s.%d%s", path, pid, extension);
  if (n < 0 || n >= (int)sizeof(first)) {
    Warn("cannot open %s '%.200s...': the path is too long%s", what, path, then);
    return -1;
  }
  for (int suffix = 0; suffix <= kMaxReportFileSuffix; suffix++) {
    if (suffix) snprintf(name, sizeof(name), "%s.%d.%d%s", path, pid, suffix, extension);
    else snprintf(name, sizeof(name), "%s", first);
    int fd = KeepOffStdio(open(name, flags | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (fd >= 0) {
      if (suffix) Warn("%s: '%s' already exists; writing to '%s' instead", what, first, name);
      return fd;
    }
    // EEXIST, or ELOOP for a symlink at the name: taken, try the next name.
    if (errno != EEXIST && errno != ELOOP) break;
  }
  Warn("cannot open %s '%s': %s%s", what, first,
       errno == EEXIST || errno == ELOOP ? "the name and its numbered alternatives are taken"
                                         : strerror(errno),
       then);
  return -1;
}

}  // namespace leakscope

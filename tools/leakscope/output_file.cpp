// Output files (see output_file.h).
#include "output_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "profile.h"

namespace leakscope::tool {

// The start of a file: enough to find the generator mark, which both pages put in their
// first few hundred bytes.
static bool ReadStart(const std::string &path, size_t n, std::string *out) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  out->resize(n);
  ssize_t got = read(fd, &(*out)[0], n);
  close(fd);
  if (got < 0) return false;
  out->resize(size_t(got));
  return true;
}

static bool LooksOurs(const std::string &path, OutputKind kind) {
  if (kind == OutputKind::kProfile) {
    Profile p;
    std::string ignored;
    return ReadProfile(path, &p, &ignored);
  }
  std::string start;
  return ReadStart(path, 4096, &start) && start.find(kGeneratorMark) != std::string::npos;
}

bool CanReplaceOutput(const std::string &path, OutputKind kind, bool force, std::string *error) {
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return true;
    return *error = "LeakScope: cannot write " + path + ": " + strerror(errno), false;
  }
  if (S_ISLNK(st.st_mode) && stat(path.c_str(), &st) != 0) return true;  // a dangling link: created anew
  if (!S_ISREG(st.st_mode))
    return *error = "LeakScope: cannot write " + path + ": it exists and is not a regular file", false;
  if (force || st.st_size == 0 || LooksOurs(path, kind)) return true;
  *error = "LeakScope: " + path + " exists and is not " +
           (kind == OutputKind::kProfile ? "a pprof profile" : "a page LeakScope wrote") +
           "; not replacing it (pass --force to replace it, or choose another file)";
  return false;
}

bool WriteOutputFile(const std::string &path, const std::string &data, OutputKind kind, bool force,
                     std::string *error) {
  if (!CanReplaceOutput(path, kind, force, error)) return false;
  // Beside the target, so the rename stays on one file system; the link itself is
  // replaced, never the file it points to.
  std::string tmp = path + ".leakscope-tmp." + std::to_string(getpid());
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return *error = "LeakScope: cannot write " + path + ": " + strerror(errno), false;
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int err = n < 0 ? errno : ENOSPC;
      close(fd);
      unlink(tmp.c_str());
      return *error = "LeakScope: cannot write " + path + ": " + strerror(err), false;
    }
    done += size_t(n);
  }
  if (close(fd) != 0 || rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    unlink(tmp.c_str());
    return *error = "LeakScope: cannot write " + path + ": " + strerror(err), false;
  }
  return true;
}

}  // namespace leakscope::tool

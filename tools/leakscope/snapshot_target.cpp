#include "snapshot_target.h"

#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

#include "install_layout.h"
#include "output_file.h"
#include "profile.h"
#include "target_options.h"

namespace leakscope::tool {

namespace {

std::string Proc(pid_t pid, const char *what) { return "/proc/" + std::to_string(pid) + "/" + what; }

bool ReadWhole(const std::string &path, std::string *out, int *err) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return *err = errno ? errno : EACCES, false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

// The value of "Key:" in /proc/PID/status.
std::string StatusField(const std::string &status, const std::string &key) {
  size_t at = status.find("\n" + key + ":");
  if (at == std::string::npos) return "";
  at += key.size() + 2;
  size_t end = status.find('\n', at);
  std::string v = status.substr(at, end - at);
  size_t b = v.find_first_not_of(" \t");
  return b == std::string::npos ? "" : v.substr(b);
}

bool MapsHaveRuntime(const std::string &maps) {
  std::istringstream in(maps);
  for (std::string line; std::getline(in, line);) {
    size_t slash = line.rfind('/');
    if (slash != std::string::npos && line.compare(slash + 1, 15, "libleakscope_rt") == 0) return true;
  }
  return false;
}

// True when the ELF file has a symbol whose name starts with "__leakscope_" in .symtab
// or .dynsym. Every offset is bounds-checked: the file may be anything.
bool ElfHasRuntimeSymbol(const std::string &path, int *err) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return *err = errno, false;
  struct stat st;
  if (fstat(fd, &st) != 0 || st.st_size < (off_t)sizeof(Elf64_Ehdr)) return close(fd), false;
  size_t size = size_t(st.st_size);
  void *map = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (map == MAP_FAILED) return *err = errno, false;
  const char *base = static_cast<const char *>(map);
  bool found = false;
  auto in = [&](uint64_t off, uint64_t len) { return off <= size && len <= size - off; };
  const Elf64_Ehdr *eh = reinterpret_cast<const Elf64_Ehdr *>(base);
  if (memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0 && eh->e_ident[EI_CLASS] == ELFCLASS64 &&
      eh->e_shentsize == sizeof(Elf64_Shdr) && in(eh->e_shoff, uint64_t(eh->e_shnum) * sizeof(Elf64_Shdr))) {
    const Elf64_Shdr *sh = reinterpret_cast<const Elf64_Shdr *>(base + eh->e_shoff);
    for (int i = 0; i < eh->e_shnum && !found; i++) {
      if (sh[i].sh_type != SHT_SYMTAB && sh[i].sh_type != SHT_DYNSYM) continue;
      if (sh[i].sh_link >= eh->e_shnum) continue;
      const Elf64_Shdr &strs = sh[sh[i].sh_link];
      if (!in(sh[i].sh_offset, sh[i].sh_size) || !in(strs.sh_offset, strs.sh_size)) continue;
      const Elf64_Sym *syms = reinterpret_cast<const Elf64_Sym *>(base + sh[i].sh_offset);
      size_t n = sh[i].sh_size / sizeof(Elf64_Sym);
      const char *strtab = base + strs.sh_offset;
      for (size_t k = 0; k < n; k++) {
        uint32_t name = syms[k].st_name;
        if (name + 12ull > strs.sh_size) continue;
        if (memcmp(strtab + name, "__leakscope_", 12) == 0) {
          found = true;
          break;
        }
      }
    }
  }
  munmap(map, size);
  return found;
}

// A variable of the target's environment (not ours: the runtime reads its own).
std::string TargetEnv(pid_t pid, const std::string &name) {
  std::string env;
  int err;
  if (!ReadWhole(Proc(pid, "environ"), &env, &err)) return "";
  std::string key = name + "=";
  size_t at = 0;
  while (at < env.size()) {
    size_t end = env.find('\0', at);
    if (end == std::string::npos) end = env.size();
    if (env.compare(at, key.size(), key) == 0) return env.substr(at + key.size(), end - at - key.size());
    at = end + 1;
  }
  return "";
}

struct FileStamp {
  int64_t mtime_ns;
  off_t size;
  bool operator!=(const FileStamp &o) const { return mtime_ns != o.mtime_ns || size != o.size; }
};

bool IsSnapshotName(const SnapshotTarget &t, const std::string &name) {
  if (!t.numbered) return name == t.prefix;
  if (name.size() <= t.prefix.size() + t.suffix.size()) return false;
  if (name.compare(0, t.prefix.size(), t.prefix) != 0) return false;
  if (name.compare(name.size() - t.suffix.size(), t.suffix.size(), t.suffix) != 0) return false;
  for (size_t i = t.prefix.size(); i < name.size() - t.suffix.size(); i++)
    if (name[i] < '0' || name[i] > '9') return false;
  return true;
}

// Snapshot files of the target in its `dirs`: path -> stamp.
std::map<std::string, FileStamp> ListSnapshots(const SnapshotTarget &t) {
  std::map<std::string, FileStamp> out;
  for (const std::string &dir : t.dirs) {
    DIR *d = opendir(dir.c_str());
    if (!d) continue;
    while (struct dirent *e = readdir(d)) {
      std::string name = e->d_name;
      if (!IsSnapshotName(t, name)) continue;
      std::string path = dir + "/" + name;
      struct stat st;
      if (stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
      out[path] = {int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec, st.st_size};
    }
    closedir(d);
  }
  return out;
}

double Now() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

// The sequence number in a snapshot's path (0 when unnumbered).
long SnapshotNumber(const SnapshotTarget &t, const std::string &path) {
  if (!t.numbered) return 0;
  size_t slash = path.rfind('/');
  return strtol(path.c_str() + (slash == std::string::npos ? 0 : slash + 1) + t.prefix.size(), nullptr, 10);
}

}  // namespace

bool MoveSnapshotFile(const std::string &from, const std::string &to, std::string *error) {
  if (rename(from.c_str(), to.c_str()) == 0) return true;
  if (errno != EXDEV) return *error = "LeakScope: cannot move " + from + " to " + to + ": " + strerror(errno), false;
  // Another file system: copied whole beside `to` and renamed over it (output_file.h);
  // the caller has decided that `to` may be replaced.
  std::ifstream in(from, std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in && !in.eof()) return *error = "LeakScope: cannot read " + from, false;
  if (!WriteOutputFile(to, data, OutputKind::kProfile, /*force=*/true, error)) return false;
  remove(from.c_str());
  return true;
}

bool ProcessAlive(pid_t pid) {
  std::string status;
  int err;
  if (!ReadWhole(Proc(pid, "status"), &status, &err) || status.empty()) return false;
  return StatusField("\n" + status, "State").rfind("Z", 0) != 0 && StatusField("\n" + status, "State").rfind("X", 0) != 0;
}

bool ParsePid(const std::string &s, pid_t *pid, std::string *error) {
  char *end = nullptr;
  long v = s.empty() ? 0 : strtol(s.c_str(), &end, 10);
  if (s.empty() || *end || v <= 0 || v > 0x3fffffff) {
    *error = "LeakScope: '" + s + "' is not a process id";
    return false;
  }
  *pid = pid_t(v);
  return true;
}

bool CheckSnapshotTarget(pid_t pid, SnapshotTarget *out, std::string *error) {
  std::string p = std::to_string(pid);
  std::string status;
  int err = 0;
  if (!ReadWhole(Proc(pid, "status"), &status, &err) || status.empty() || !ProcessAlive(pid))
    return *error = "LeakScope: no process " + p + " (it has exited, or never existed)", false;
  status = "\n" + status;
  out->pid = pid;
  out->command = StatusField(status, "Name");
  std::string who = "process " + p + " (" + out->command + ")";
  if (kill(pid, 0) != 0 && errno == EPERM)
    return *error = "LeakScope: no permission to signal " + who + " (run as its user or root)", false;

  std::string maps;
  if (!ReadWhole(Proc(pid, "maps"), &maps, &err) || maps.empty())
    return *error = "LeakScope: cannot inspect " + who + ": no permission to read /proc/" + p + "/maps", false;
  bool runtime = MapsHaveRuntime(maps);
  if (!runtime) {
    err = 0;
    runtime = ElfHasRuntimeSymbol(Proc(pid, "exe"), &err);
    if (!runtime && err == EACCES)
      return *error = "LeakScope: cannot inspect " + who + ": no permission to read /proc/" + p + "/exe", false;
  }
  if (!runtime)
    return *error = "LeakScope: " + who + " does not have the LeakScope runtime (build it with leakscope-clang++ "
                    "or start it with 'leakscope run'); not sending SIGUSR1, which would kill it", false;
  // The target's runtime read these with the same parser, order and defaults at start-up.
  leakscope::Options options;
  std::string why;
  for (const char *var : {"LSAN_OPTIONS", "LEAKSCOPE_OPTIONS"})
    if (!ParseRuntimeOptions(TargetEnv(pid, var), var, &options, &why))
      return *error = "LeakScope: " + who + " has options its runtime does not accept: " + why, false;
  if (options.snapshot_signal == 0)
    return *error = "LeakScope: " + who + " takes no snapshots on a signal (snapshot_signal=0 in its LEAKSCOPE_OPTIONS)", false;
  out->signal = options.snapshot_signal;
  out->retention = options.snapshot_retention;
  std::string sig_name = out->signal == SIGUSR1 ? "SIGUSR1" : "signal " + std::to_string(out->signal);
  unsigned long long bit = 1ull << (out->signal - 1);
  unsigned long long caught = strtoull(StatusField(status, "SigCgt").c_str(), nullptr, 16);
  if (!(caught & bit)) {
    unsigned long long ignored = strtoull(StatusField(status, "SigIgn").c_str(), nullptr, 16);
    return *error = "LeakScope: " + who + " has the LeakScope runtime but " +
                    ((ignored & bit) ? "ignores " : "does not handle ") + sig_name +
                    " (snapshots are off, or its runtime has no snapshot support); not sending it", false;
  }

  // Where the files go: snapshot_path with %p expanded; the sequence number splits it.
  std::string pattern = options.snapshot_path;
  if (pattern.empty())
    return *error = "LeakScope: " + who + " has an empty snapshot_path, so its runtime writes no snapshots", false;
  std::string expanded;
  out->numbered = false;
  for (size_t i = 0; i < pattern.size(); i++) {
    if (pattern[i] != '%' || i + 1 >= pattern.size()) {
      expanded += pattern[i];
      continue;
    }
    char c = pattern[++i];
    if (c == 'p') expanded += p;
    else if (c == '%') expanded += '%';
    else if (c == 'n' && !out->numbered) out->numbered = true, out->prefix = expanded, expanded.clear();
    else return *error = "LeakScope: " + who + " has snapshot_path='" + pattern + "', which leakscope cannot follow", false;
  }
  if (out->numbered) out->suffix = expanded;
  else out->prefix = expanded;
  std::string dir;
  size_t slash = out->prefix.rfind('/');
  if (slash != std::string::npos) {
    if (out->suffix.find('/') != std::string::npos)
      return *error = "LeakScope: " + who + " has snapshot_path='" + pattern + "' with %n in a directory name", false;
    dir = out->prefix.substr(0, slash);
    if (dir.empty()) dir = "/";
    out->prefix = out->prefix.substr(slash + 1);
  }

  out->dirs.clear();
  auto add = [&](const std::string &d) {
    if (d.empty()) return;
    for (const std::string &x : out->dirs)
      if (RealPath(x) == RealPath(d)) return;
    out->dirs.push_back(d);
  };
  // The target's working directory, as a path of ours: in another mount namespace the
  // link's text means something else, so go through /proc then.
  std::string cwd = Proc(pid, "cwd");
  char buf[4096];
  ssize_t n = readlink(cwd.c_str(), buf, sizeof(buf) - 1);
  if (n > 0) {
    buf[n] = 0;
    struct stat a, b;
    if (stat(buf, &a) == 0 && stat(cwd.c_str(), &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev) cwd = buf;
  }
  if (!dir.empty()) {
    add(dir[0] == '/' ? dir : cwd + "/" + dir);
  } else {
    add(cwd);
    std::string tmp = TargetEnv(pid, "TMPDIR");
    add(tmp.empty() ? "/tmp" : tmp);
  }
  return true;
}

// Serializes the leakscope processes asking one target (or any target writing into the
// same directory) for snapshots: an flock on the snapshot directory, released when the
// snapshot was found, or when the process exits.
class DirectoryLock {
 public:
  DirectoryLock(const std::string &dir, double deadline) {
    fd_ = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd_ < 0) return;  // then unserialized, as before; listing the directory will fail too
    while (flock(fd_, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK && Now() < deadline) usleep(10 * 1000);
  }
  ~DirectoryLock() {
    if (fd_ >= 0) close(fd_);
  }

 private:
  int fd_ = -1;
};

bool TakeSnapshot(const SnapshotTarget &t, double timeout_s, std::string *path, std::string *error) {
  SnapshotTarget fresh;
  if (!CheckSnapshotTarget(t.pid, &fresh, error)) return false;
  double deadline = Now() + timeout_s;
  // The runtime serves requests that arrive while it writes a snapshot with one more
  // snapshot, so two requests close together may get one file. Each leakscope asks
  // alone: the next one lists the files only once the previous one's file is there,
  // so it never takes that file, and its own signal comes after that snapshot was
  // written, so it is not merged into it. Every snap gets a file of its own.
  DirectoryLock lock(t.dirs.empty() ? std::string("/") : t.dirs[0], deadline);
  std::map<std::string, FileStamp> before = ListSnapshots(t);
  if (kill(t.pid, fresh.signal) != 0) {
    *error = "LeakScope: cannot signal process " + std::to_string(t.pid) + ": " + strerror(errno);
    return false;
  }
  std::string candidate, last_error;
  FileStamp candidate_stamp{};
  while (Now() < deadline) {
    usleep(50 * 1000);
    std::map<std::string, FileStamp> now = ListSnapshots(t);
    std::string best;
    for (auto &kv : now) {
      auto old = before.find(kv.first);
      if (old != before.end() && !(old->second != kv.second)) continue;
      if (best.empty() || SnapshotNumber(t, kv.first) > SnapshotNumber(t, best)) best = kv.first;
    }
    if (best.empty()) {
      if (!ProcessAlive(t.pid)) break;
      continue;
    }
    // Accept the file once it stopped changing between two looks and parses whole.
    if (best == candidate && !(now[best] != candidate_stamp)) {
      Profile p;
      std::string why;
      std::ifstream in(best, std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      if (ParseProfile(ss.str(), &p, &why)) {
        *path = best;
        return true;
      }
      last_error = why;
    }
    candidate = best;
    candidate_stamp = now[best];
  }
  if (!candidate.empty())
    *error = "LeakScope: " + candidate + " did not become a complete profile within the timeout (" + last_error + ")";
  else if (!ProcessAlive(t.pid))
    *error = "LeakScope: process " + std::to_string(t.pid) + " exited before writing a snapshot";
  else {
    std::string where;
    for (const std::string &d : t.dirs) where += (where.empty() ? "" : ", ") + d;
    char secs[32];
    snprintf(secs, sizeof(secs), "%g", timeout_s);
    *error = "LeakScope: no snapshot from process " + std::to_string(t.pid) + " appeared in " + where +
             " within " + secs + "s (see its stderr for a 'LeakScope:' message)";
  }
  return false;
}

std::string RetainedProfileName(const std::string &path) {
  const std::string suffix = ".pb.gz";
  if (path.size() >= suffix.size() && path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0)
    return path.substr(0, path.size() - suffix.size()) + ".retained.pb.gz";
  return path + ".retained.pb.gz";
}

bool WaitForRetentionProfile(const std::string &path, double timeout_s, Profile *p, std::string *error) {
  for (double waited = 0;; waited += 0.05) {
    struct stat st;
    if (stat(path.c_str(), &st) == 0 && ReadProfile(path, p, error)) return true;
    if (waited >= timeout_s) break;
    usleep(50 * 1000);
  }
  *error = "LeakScope: no retention profile " + path +
           " appeared (does the process run with LEAKSCOPE_OPTIONS=snapshot_retention=1?)";
  return false;
}

}  // namespace leakscope::tool

#include "base/proc_maps.h"

#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "base/runtime_fd.h"

namespace leakscope {

static bool ParseHex(const char *&p, const char *end, uptr *out) {
  uptr v = 0;
  const char *start = p;
  for (; p < end; p++) {
    char c = *p;
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (d < 0) break;
    v = v << 4 | d;
  }
  *out = v;
  return p > start;
}

static void SkipField(const char *&p, const char *end) {
  while (p < end && *p != ' ') p++;
  while (p < end && *p == ' ') p++;
}

// "lo-hi perms offset dev inode   [path]"
bool ParseMapsLine(const char *line, uptr len, MapEntry *out) {
  const char *p = line, *end = line + len;
  if (!ParseHex(p, end, &out->lo) || p >= end || *p++ != '-' || !ParseHex(p, end, &out->hi))
    return false;
  while (p < end && *p == ' ') p++;
  if (end - p < 4) return false;
  out->readable = p[0] == 'r';
  out->writable = p[1] == 'w';
  SkipField(p, end);  // perms
  SkipField(p, end);  // offset
  SkipField(p, end);  // dev
  uptr inode = 0;
  const char *inode_start = p;
  while (p < end && *p >= '0' && *p <= '9') inode = inode * 10 + (*p++ - '0');
  if (p == inode_start) return false;
  while (p < end && *p == ' ') p++;
  uptr name_len = end - p;
  if (name_len == 0) out->kind = inode ? kMapFile : kMapAnonymous;
  else if (name_len == 7 && !memcmp(p, "[stack]", 7)) out->kind = kMapStack;
  else if ((name_len == 6 && !memcmp(p, "[heap]", 6)) || (name_len > 6 && !memcmp(p, "[anon:", 6)))
    out->kind = kMapAnonymous;
  else if (*p == '[') out->kind = kMapSpecial;
  else out->kind = kMapFile;
  return out->hi > out->lo;
}

bool ReadProcMaps(InternalVector<MapEntry> *out) {
  out->clear();
  int fd = KeepOffStdio((int)syscall(SYS_openat, AT_FDCWD, "/proc/self/maps", O_RDONLY | O_CLOEXEC));
  if (fd < 0) return false;
  // Lines are short (a path at most PATH_MAX): a line that does not fit is cut at the
  // buffer's end, which keeps its addresses and permissions.
  static constexpr uptr kBuf = 8192;
  char buf[kBuf];
  uptr have = 0;
  bool ok = true;
  while (true) {
    long n = syscall(SYS_read, fd, buf + have, kBuf - have);
    if (n < 0) {
      ok = false;
      break;
    }
    have += n;
    uptr start = 0;
    for (uptr i = 0; i < have; i++) {
      if (buf[i] != '\n') continue;
      MapEntry e;
      if (ParseMapsLine(buf + start, i - start, &e)) out->push_back(e);
      start = i + 1;
    }
    if (n == 0) {
      MapEntry e;
      if (start < have && ParseMapsLine(buf + start, have - start, &e)) out->push_back(e);
      break;
    }
    if (start == 0 && have == kBuf) {  // one line longer than the buffer
      MapEntry e;
      if (ParseMapsLine(buf, have, &e)) out->push_back(e);
      // drop the rest of that line
      char c;
      while (syscall(SYS_read, fd, &c, 1) == 1 && c != '\n') {
      }
      have = 0;
      continue;
    }
    memmove(buf, buf + start, have - start);
    have -= start;
  }
  syscall(SYS_close, fd);
  if (!ok) out->clear();
  return ok && !out->empty();
}

}  // namespace leakscope

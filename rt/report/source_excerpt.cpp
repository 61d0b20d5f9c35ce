#include "report/source_excerpt.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/runtime_fd.h"

namespace leakscope {

bool ReadSourceExcerpt(const char *path, u32 line, u32 context, SourceExcerpt *out) {
  out->count = 0;
  for (bool &c : out->cut) c = false;
  if (!path || !*path || !line) return false;
  if (context > (kExcerptMaxLines - 1) / 2) context = (kExcerptMaxLines - 1) / 2;
  int fd = KeepOffStdio(open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  if (fd < 0) return false;
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return false;
  }
  out->first = line > context ? line - context : 1;
  u32 last = line + context;
  u32 current = 1;  // the line the next byte belongs to
  uptr len = 0;     // bytes of the current line kept so far
  char buf[4096];
  bool done = false;
  while (!done) {
    ssize_t n = read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    for (ssize_t i = 0; i < n; i++) {
      char c = buf[i];
      if (current < out->first) {
        if (c == '\n') current++;
        continue;
      }
      u32 slot = current - out->first;
      if (c == '\n') {
        if (len && out->lines[slot][len - 1] == '\r') len--;
        out->lines[slot][len] = 0;
        out->count = slot + 1;
        len = 0;
        if (++current > last) {
          done = true;
          break;
        }
        continue;
      }
      if (len < kExcerptLineBytes) out->lines[slot][len++] = c;
      else out->cut[slot] = true;
    }
  }
  // A last line without a newline.
  if (!done && current >= out->first && current <= last && len) {
    u32 slot = current - out->first;
    if (out->lines[slot][len - 1] == '\r') len--;
    out->lines[slot][len] = 0;
    out->count = slot + 1;
  }
  close(fd);
  // Lines that were cut end on a character boundary: drop a partial UTF-8 sequence.
  for (u32 i = 0; i < out->count; i++) {
    if (!out->cut[i]) continue;
    char *s = out->lines[i];
    uptr l = 0;
    while (s[l]) l++;
    uptr k = l;
    while (k > 0 && ((unsigned char)s[k - 1] & 0xC0) == 0x80) k--;
    // s[k-1] is the sequence's lead byte (or ASCII): keep it only if the sequence is whole.
    if (k > 0 && (unsigned char)s[k - 1] >= 0xC0) {
      unsigned char lead = (unsigned char)s[k - 1];
      uptr need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
      if (l - (k - 1) < need) s[k - 1] = 0;
    }
  }
  return out->count > line - out->first;
}

}  // namespace leakscope

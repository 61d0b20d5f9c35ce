#include "base/fd_writer.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

namespace leakscope {

uptr Utf8SequenceLength(const unsigned char *s) {
  unsigned char c = s[0];
  uptr n;
  if (c >= 0xC2 && c <= 0xDF) n = 2;
  else if (c >= 0xE0 && c <= 0xEF) n = 3;
  else if (c >= 0xF0 && c <= 0xF4) n = 4;
  else return 0;
  for (uptr i = 1; i < n; i++)
    if ((s[i] & 0xC0) != 0x80) return 0;
  return n;
}

void FdWriter::Raw(const char *s) { Raw(s, strlen(s)); }

void FdWriter::Raw(const char *s, uptr n) {
  for (uptr i = 0; i < n; i++) Put(s[i]);
}

void FdWriter::U64(u64 v) {
  char tmp[24];
  int n = snprintf(tmp, sizeof(tmp), "%llu", (unsigned long long)v);
  Raw(tmp, n);
}

void FdWriter::Flush() {
  const char *p = buf_;
  uptr left = len_;
  while (left > 0 && fd_ >= 0) {
    ssize_t n = write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      ok_ = false;
      break;
    }
    p += n;
    left -= n;
  }
  len_ = 0;
}

}  // namespace leakscope

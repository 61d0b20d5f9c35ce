// Buffered output to a file descriptor, shared by the report writers that build a file
// piece by piece (report/json_writer.h, report/html_writer.h).
//
// It writes into a fixed buffer and flushes with write(2), so it never allocates and
// works whatever state the program's heap is in. Text is copied as given; escaping is
// the job of the format-specific writer built on it.
#pragma once

#include "base/common.h"

namespace leakscope {

class FdWriter {
 public:
  explicit FdWriter(int fd) : fd_(fd) {}
  ~FdWriter() { Flush(); }
  FdWriter(const FdWriter &) = delete;
  FdWriter &operator=(const FdWriter &) = delete;

  void Raw(const char *s);
  void Raw(const char *s, uptr n);
  void U64(u64 v);
  void Flush();
  // True when every write so far reached the file.
  bool ok() const { return ok_; }

 protected:
  void Put(char c) {
    if (len_ == sizeof(buf_)) Flush();
    buf_[len_++] = c;
  }

 private:
  int fd_;
  bool ok_ = true;
  uptr len_ = 0;
  char buf_[8192];
};

// Length of the valid UTF-8 sequence at s (2..4 bytes), or 0 when the byte at s does
// not start one (ASCII included: the caller handles bytes below 0x80 itself). Reads no
// further than the first byte that does not fit, so a NUL ends it safely.
uptr Utf8SequenceLength(const unsigned char *s);

// Writes what an escaper (escape(s, emit): emit(piece, n) for each escaped piece) makes
// of s into out[0, size), NUL-terminated, never cutting a piece in half; returns the
// length written. Shared by JsonEscape and HtmlEscape.
template <typename EscapeFn>
uptr EscapeInto(const char *s, char *out, uptr size, EscapeFn escape) {
  uptr len = 0;
  if (!size) return 0;
  bool full = false;
  escape(s ? s : "", [&](const char *piece, uptr n) {
    if (full || len + n >= size) {
      full = true;
      return;
    }
    for (uptr i = 0; i < n; i++) out[len + i] = piece[i];
    len += n;
  });
  out[len] = 0;
  return len;
}

}  // namespace leakscope

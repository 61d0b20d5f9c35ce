// A tiny streaming JSON writer shared by the machine-readable reports (json_report.cpp,
// sarif_report.cpp).
//
// It writes into a fixed buffer and flushes to a file descriptor, so it never allocates
// and works after the program's heap is in any state. It does not track nesting: the
// caller writes keys, values and commas in order (Key() adds the comma itself when the
// enclosing object already has a member, via the `first` flag the caller keeps).
// Strings are escaped per RFC 8259: '"', '\\' and control characters; bytes >= 0x80 are
// copied as they are (file names and symbols are UTF-8 on Linux; invalid UTF-8 is
// replaced by U+FFFD so the output always parses).
#pragma once

#include "base/common.h"

namespace leakscope {

class JsonWriter {
 public:
  explicit JsonWriter(int fd) : fd_(fd) {}
  ~JsonWriter() { Flush(); }
  JsonWriter(const JsonWriter &) = delete;
  JsonWriter &operator=(const JsonWriter &) = delete;

  void Raw(const char *s);
  void Raw(const char *s, uptr n);
  // A quoted, escaped string ("" for null).
  void String(const char *s);
  void U64(u64 v);
  void Bool(bool v) { Raw(v ? "true" : "false"); }
  // `"key":`, preceded by ',' unless *first (which it then clears).
  void Key(const char *key, bool *first);
  void Flush();
  // True when every write so far reached the file.
  bool ok() const { return ok_; }

 private:
  void Put(char c) {
    if (len_ == sizeof(buf_)) Flush();
    buf_[len_++] = c;
  }
  int fd_;
  bool ok_ = true;
  uptr len_ = 0;
  char buf_[8192];
};

// Appends `s` JSON-escaped (without quotes) to `out` of `size` bytes; always
// NUL-terminates; returns the length written. Exposed for unit tests.
uptr JsonEscape(const char *s, char *out, uptr size);

// Opens the file for a machine-readable report: PATH.PID, or fd 1/2 for "stdout" /
// "stderr". Returns -1 (after a warning naming the path) when it cannot. `what` names
// the option in the warning.
int OpenMachineReport(const char *path, const char *what, bool *owned);

}  // namespace leakscope

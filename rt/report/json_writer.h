// A tiny streaming JSON writer shared by the machine-readable reports (json_report.cpp,
// sarif_report.cpp).
//
// It writes through a fixed buffer (base/fd_writer.h), so it never allocates and works
// after the program's heap is in any state. It does not track nesting: the
// caller writes keys, values and commas in order (Key() adds the comma itself when the
// enclosing object already has a member, via the `first` flag the caller keeps).
// Strings are escaped per RFC 8259: '"', '\\' and control characters; bytes >= 0x80 are
// copied as they are (file names and symbols are UTF-8 on Linux; invalid UTF-8 is
// replaced by U+FFFD so the output always parses).
#pragma once

#include "base/fd_writer.h"

namespace leakscope {

class JsonWriter : public FdWriter {
 public:
  explicit JsonWriter(int fd) : FdWriter(fd) {}

  // A quoted, escaped string ("" for null).
  void String(const char *s);
  void Bool(bool v) { Raw(v ? "true" : "false"); }
  // `"key":`, preceded by ',' unless *first (which it then clears).
  void Key(const char *key, bool *first);
};

// Appends `s` JSON-escaped (without quotes) to `out` of `size` bytes; always
// NUL-terminates; returns the length written. Exposed for unit tests.
uptr JsonEscape(const char *s, char *out, uptr size);

// Opens the file for a machine-readable report: PATH.PID, or fd 1/2 for "stdout" /
// "stderr". Returns -1 (after a warning naming the path) when it cannot. `what` names
// the option in the warning; `extension` goes after PATH.PID (base/report_file.h).
int OpenMachineReport(const char *path, const char *what, bool *owned,
                      const char *extension = "");

}  // namespace leakscope

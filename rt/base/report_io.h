// Output of every text the runtime prints: the leak report, warnings and errors.
//
// All text goes through one formatted writer so that log_path and error prefixes are
// handled in one place. Formatting uses vsnprintf into a stack buffer (glibc does not
// allocate for the integer and string conversions used here) and write(2).
#pragma once

#include "base/common.h"

namespace leakscope {

// Prints to the report destination: stderr, or log_path.PID when set.
void Printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
// Prints raw text to stderr (and the log file): the lines after a Warn() line.
void ErrorPrintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
// Prints "LeakScope: <message>\n" to stderr (and the log file).
void Warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
// Prints "LeakScope: <message>\n" and terminates with exit code 1. Used for bad
// options and broken invariants; never returns, never allocates.
[[noreturn]] void Fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

// Notes what stderr is at start-up, so that a report still reaches it when the program
// closes fd 2 before exit (report_io.cpp). Called once, before the program's code runs.
void RememberStderr();
// Sets the report destination from log_path (after options are parsed); PATH.PID is
// created on the first write (report_io.cpp says why).
void OpenReportFile(const char *log_path);
// In a forked child: log_path.PID names the child's pid, not the parent's.
void ReopenReportFileAfterFork(const char *log_path);
// Writes raw bytes to the report destination.
void WriteReport(const char *data, uptr len);

// A fixed-size text buffer for building a line before writing it.
class LineBuffer {
 public:
  void Append(const char *fmt, ...) __attribute__((format(printf, 2, 3)));
  const char *data() const { return buf_; }
  uptr size() const { return len_; }
  void Clear() { len_ = 0; buf_[0] = 0; }

 private:
  char buf_[4096] = {};
  uptr len_ = 0;
};

}  // namespace leakscope

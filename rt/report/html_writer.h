// The HTML report's writer (html_report.h): markup goes out as given (Raw), every text
// that comes from the program (function, type and file names, source lines, paths) goes
// through Text(), which escapes it for HTML element content and quoted attribute
// values alike:
//   & -> &amp;   < -> &lt;   > -> &gt;   " -> &quot;   ' -> &#39;
// Control characters other than tab and newline, and bytes that are not valid UTF-8,
// become U+FFFD (&#xfffd;): the document declares UTF-8 and stays valid whatever a
// symbol or a source file holds. Output is buffered (base/fd_writer.h): it never
// allocates.
#pragma once

#include "base/fd_writer.h"

namespace leakscope {

class HtmlWriter : public FdWriter {
 public:
  explicit HtmlWriter(int fd) : FdWriter(fd) {}

  // Escaped text ("" for null).
  void Text(const char *s);
  // printf into a stack buffer (4 KiB, cut beyond), written as it is: for markup
  // around numbers and the runtime's own words ("exit", "accessed"), never for a string
  // that comes from the program (that goes through Text()).
  void Markup(const char *fmt, ...) __attribute__((format(printf, 2, 3)));
};

// Appends `s` HTML-escaped to `out` of `size` bytes; always NUL-terminates, never cuts
// an entity in half; returns the length written. Exposed for unit tests.
uptr HtmlEscape(const char *s, char *out, uptr size);

}  // namespace leakscope

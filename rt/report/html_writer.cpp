#include "report/html_writer.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

namespace leakscope {

// Calls emit(piece, len) for each escaped piece of s.
template <class Emit>
static void Escape(const char *str, Emit emit) {
  const unsigned char *s = (const unsigned char *)str;
  while (*s) {
    unsigned char c = *s;
    if (c == '&') emit("&amp;", 5);
    else if (c == '<') emit("&lt;", 4);
    else if (c == '>') emit("&gt;", 4);
    else if (c == '"') emit("&quot;", 6);
    else if (c == '\'') emit("&#39;", 5);
    else if (c == '\t' || c == '\n') emit((const char *)s, 1);
    else if (c < 0x20 || c == 0x7F) emit("&#xfffd;", 8);
    else if (c < 0x80) emit((const char *)s, 1);
    else {
      uptr n = Utf8SequenceLength(s);
      if (n) {
        emit((const char *)s, n);
        s += n;
        continue;
      }
      emit("&#xfffd;", 8);
    }
    s++;
  }
}

uptr HtmlEscape(const char *s, char *out, uptr size) {
  return EscapeInto(s, out, size, [](const char *t, auto emit) { Escape(t, emit); });
}

void HtmlWriter::Text(const char *s) {
  Escape(s ? s : "", [this](const char *piece, uptr n) { Raw(piece, n); });
}

void HtmlWriter::Markup(const char *fmt, ...) {
  char buf[4096];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  if (n < 0) return;
  Raw(buf, (uptr)n < sizeof(buf) ? (uptr)n : sizeof(buf) - 1);
}

}  // namespace leakscope

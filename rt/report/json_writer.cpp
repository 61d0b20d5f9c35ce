#include "report/json_writer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/report_file.h"
#include "base/report_io.h"

namespace leakscope {

// Calls emit(piece, len) for each escaped piece of s.
template <class Emit>
static void Escape(const char *str, Emit emit) {
  const unsigned char *s = (const unsigned char *)str;
  while (*s) {
    unsigned char c = *s;
    char tmp[8];
    if (c == '"') emit("\\\"", 2);
    else if (c == '\\') emit("\\\\", 2);
    else if (c == '\n') emit("\\n", 2);
    else if (c == '\r') emit("\\r", 2);
    else if (c == '\t') emit("\\t", 2);
    else if (c < 0x20 || c == 0x7F) {
      snprintf(tmp, sizeof(tmp), "\\u%04x", c);
      emit(tmp, 6);
    } else if (c < 0x80) {
      emit((const char *)s, 1);
    } else {
      uptr n = Utf8SequenceLength(s);
      if (n) {
        emit((const char *)s, n);
        s += n;
        continue;
      }
      emit("\\ufffd", 6);
    }
    s++;
  }
}

uptr JsonEscape(const char *s, char *out, uptr size) {
  return EscapeInto(s, out, size, [](const char *t, auto emit) { Escape(t, emit); });
}

void JsonWriter::String(const char *s) {
  Put('"');
  Escape(s ? s : "", [this](const char *piece, uptr n) { Raw(piece, n); });
  Put('"');
}

void JsonWriter::Key(const char *key, bool *first) {
  if (!*first) Put(',');
  *first = false;
  String(key);
  Put(':');
}

int OpenMachineReport(const char *path, const char *what, bool *owned, const char *extension) {
  *owned = false;
  if (!strcmp(path, "stdout")) return 1;
  if (!strcmp(path, "stderr")) return 2;
  int fd = CreateReportFile(path, what, O_RDWR, "", extension);
  if (fd < 0) return -1;
  *owned = true;
  return fd;
}

}  // namespace leakscope

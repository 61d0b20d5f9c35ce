// The few source lines around a line of a source file: the HTML report shows where a
// block was allocated in place (html_report.h).
//
// The file named by the debug info is opened read-only and non-blocking and read only
// when it is a regular file (a FIFO or a device at that name is never read from), in
// 4 KiB pieces on the stack, up to the last line wanted: nothing is allocated. Lines
// longer than kExcerptLineBytes are cut at a UTF-8 character boundary and marked; a
// trailing '\r' (CRLF files) is dropped.
#pragma once

#include "base/common.h"

namespace leakscope {

constexpr u32 kExcerptMaxLines = 9;     // the line and up to 4 on either side
constexpr uptr kExcerptLineBytes = 240;

struct SourceExcerpt {
  u32 first;  // number of lines[0] (1-based)
  u32 count;  // lines read; the wanted line is lines[line - first]
  char lines[kExcerptMaxLines][kExcerptLineBytes + 1];
  bool cut[kExcerptMaxLines];  // the line went on
};

// Reads lines line - context .. line + context (context <= 4) of `path`. False when the
// file cannot be read or has fewer than `line` lines (then nothing can be shown in place).
bool ReadSourceExcerpt(const char *path, u32 line, u32 context, SourceExcerpt *out);

}  // namespace leakscope

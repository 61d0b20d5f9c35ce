// The files the CLI writes where the user points it (flame -o, watch -o, snap -o).
//
// Two promises, because a mistyped -o (`-o main.cpp`, `-o notes.html`) must not cost the
// user a file:
//  * an existing file is replaced only when it is what this command writes (an SVG or
//    HTML page carrying LeakScope's generator mark, a pprof profile), or with --force;
//    anything that is not a regular file (a directory, a device, a FIFO) never is;
//  * the new content goes to a temporary file beside the target, which is renamed over
//    it once complete, so a failed write (disk full, interrupted) leaves the old file
//    as it was and no half-written one.
#pragma once

#include <string>

namespace leakscope::tool {

enum class OutputKind {
  kPage,     // .svg or .html written by flame or watch (they carry kGeneratorMark)
  kProfile,  // a pprof profile (snap -o)
};

// Written into every SVG and HTML output near its start: how CanReplaceOutput knows one
// of ours. (In SVG as an XML comment, in HTML in the <head>.)
inline constexpr const char *kGeneratorMark = "generator: LeakScope";

// True when `path` does not exist, is empty, or is a regular file of `kind` (or `force`);
// otherwise false with *error a one-line "LeakScope: ..." message that names the file and
// says how to go ahead.
bool CanReplaceOutput(const std::string &path, OutputKind kind, bool force, std::string *error);

// Writes `data` to `path` under the promises above (CanReplaceOutput first). The file
// gets mode 0644 less the umask, like any file the user creates.
bool WriteOutputFile(const std::string &path, const std::string &data, OutputKind kind, bool force,
                     std::string *error);

}  // namespace leakscope::tool

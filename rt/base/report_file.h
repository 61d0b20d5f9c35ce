// Creating the files reports go to (log_path, json_path, sarif_path: PATH.PID).
//
// A report may be written by root into a directory others can write to (/tmp): a file
// someone else created at the name beforehand, or a symlink planted there, must never
// receive it. So a report file is always a new file of ours: created with
// O_CREAT|O_EXCL|O_NOFOLLOW and mode 0600, never opened when it exists. When PATH.PID is
// taken (a planted file, a reused pid), the next free name PATH.PID.1, PATH.PID.2, ...
// is used and a warning says which. A report a program opens by its name's extension
// (html_path: browsers pick the format of a local file by it) keeps that extension
// last: PATH.PID.html, then PATH.PID.1.html, ...
#pragma once

#include "base/common.h"

namespace leakscope {

constexpr int kMaxReportFileSuffix = 100;

// Creates the report file for `path` and the current pid, opened with `flags`
// (O_WRONLY or O_RDWR) plus the above. `what` names the option in messages. Returns the
// descriptor, or -1 after a one-line warning naming the file and the reason, ending with
// `then` (what happens instead, "; reporting to stderr"). `extension` (".html") is
// appended to every name tried.
int CreateReportFile(const char *path, const char *what, int flags, const char *then = "",
                     const char *extension = "");

}  // namespace leakscope

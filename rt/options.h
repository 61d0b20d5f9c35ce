// Runtime options: "key=value:key=value" (':' or whitespace between pairs), read in this
// order, each on top of the previous: the program's weak __lsan_default_options() and
// __leakscope_default_options(), LSAN_OPTIONS (so a CI set up for LeakSanitizer keeps
// its suppressions, exit code and log path), LEAKSCOPE_OPTIONS. Declared in options.inc.
//
// A malformed value or one outside the option's range is a fatal, one-line error naming
// the option: a typo in a value must not silently disable the check. An unknown name is
// not: LeakSanitizer ignores it, and options written for it (handle_segv,
// log_pointers, ...) must never stop a program. LEAKSCOPE_OPTIONS and the hooks warn
// once per unknown name; LSAN_OPTIONS, which holds many sanitizer-common names that mean
// nothing here, warns only at verbosity>=1.
#pragma once

#include "base/common.h"

namespace leakscope {

constexpr int kIntMax = 2147483647;

struct Options {
#define LS_OPTION(type, name, def, desc) type name = def;
#include "options.inc"
#undef LS_OPTION
};

extern Options g_options;

// The value of an environment variable, also before libc has set `environ`.
const char *GetEnv(const char *name);
void SetInitialEnvironment(char **envp);

// Parses the hook and the environment into g_options; prints help and exits on help=1.
void InitOptions();
// Parses one option string into `o`. Returns false and writes a message to `error`
// (one line, naming the bad text) on malformed input. An unknown name is skipped and
// passed to `on_unknown` when given. `source` names the string in messages
// ("LEAKSCOPE_OPTIONS"). Exposed for unit tests.
typedef void (*UnknownOptionFn)(const char *name, const char *source);
bool ParseOptions(const char *str, Options *o, char *error, uptr error_size,
                  const char *source = "LEAKSCOPE_OPTIONS", UnknownOptionFn on_unknown = nullptr);
// The same, with string values copied by `copy`: options_parse.cpp has no runtime
// state, so the leakscope tool compiles it to read a target's options.
bool ParseOptionString(const char *str, Options *o, char *(*copy)(const char *), char *error,
                       uptr error_size, const char *source = "LEAKSCOPE_OPTIONS",
                       UnknownOptionFn on_unknown = nullptr);
// `s[0, len)` as a message shows it: control characters as \xNN, so it stays one line.
const char *PrintableOptionText(const char *s, uptr len, char *buf, uptr size);

}  // namespace leakscope

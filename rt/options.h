// Runtime options: LEAKSCOPE_OPTIONS="key=value:key=value" (':' or whitespace between
// pairs), on top of the program's weak __leakscope_default_options() (or
// __lsan_default_options()). Declared in options.inc.
//
// A malformed value is a fatal, one-line error naming the bad text: a typo in an option
// must not silently disable the check.
#pragma once

#include "base/common.h"

namespace leakscope {

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
// (one line, naming the bad text) on malformed input. Exposed for unit tests.
bool ParseOptions(const char *str, Options *o, char *error, uptr error_size);
// The same, with string values copied by `copy_string`: options_parse.cpp has no
// runtime state, so the leakscope tool compiles it to read a target's options.
bool ParseOptionString(const char *str, Options *o, char *(*copy_string)(const char *),
                       char *error, uptr error_size);

}  // namespace leakscope

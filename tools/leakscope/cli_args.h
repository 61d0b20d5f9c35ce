// Argument helpers shared by the subcommands: option matching in both "-o X" and "-o=X"
// forms, and the value syntaxes (durations, byte sizes, counts). Parsers reject trailing
// garbage, so "10x" is an error rather than 10.
#pragma once

#include <stdint.h>

#include <initializer_list>
#include <string>

#include "commands.h"

namespace leakscope::tool {

// Matches args[*i] against one of `names` as "NAME VALUE" or "NAME=VALUE".
// Returns 1 when matched (*value set, *i left on the last consumed argument),
// 0 when args[*i] is another argument, -1 when it matched but the value is missing.
int MatchOption(const Args &args, size_t *i, std::initializer_list<const char *> names,
                std::string *value);
bool WantsHelp(const Args &args);
// "10s", "500ms", "5m", "1h", "2.5" (seconds).
bool ParseDuration(const std::string &s, double *seconds);
// "1000", "64k", "10MB", "1MiB", "2g" (k/m/g are powers of 1024).
bool ParseSize(const std::string &s, int64_t *bytes);
bool ParseCount(const std::string &s, long *n);  // a positive integer

}  // namespace leakscope::tool

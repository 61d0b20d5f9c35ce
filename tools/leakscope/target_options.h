// A target's runtime options, read with the runtime's own parser (rt/options_parse.cpp,
// compiled into the tool) and option table (rt/options.inc): the tool never has its own
// idea of the grammar or of the defaults.
#pragma once

#include <string>

#include "options.h"

namespace leakscope::tool {

// Parses an option string (`source`: "LSAN_OPTIONS", "LEAKSCOPE_OPTIONS") on top of
// *out, as the runtime does: a target's options are the table's defaults, then its
// LSAN_OPTIONS, then its LEAKSCOPE_OPTIONS; unknown names are skipped. False with the
// runtime's one-line message (no prefix) in *error.
bool ParseRuntimeOptions(const std::string &text, const char *source, leakscope::Options *out,
                         std::string *error);

}  // namespace leakscope::tool

// A target's runtime options, read with the runtime's own parser (rt/options_parse.cpp,
// compiled into the tool) and option table (rt/options.inc): the tool never has its own
// idea of the grammar or of the defaults.
#pragma once

#include <string>

#include "options.h"

namespace leakscope::tool {

// Parses a LEAKSCOPE_OPTIONS string on top of the table's defaults, as the runtime
// does. False with the runtime's one-line message (no prefix) in *error.
bool ParseRuntimeOptions(const std::string &text, leakscope::Options *out, std::string *error);

}  // namespace leakscope::tool

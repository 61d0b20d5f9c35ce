#include "target_options.h"

#include <string.h>

namespace leakscope::tool {

// The tool is a short-lived process: the parsed strings live as long as it does.
static char *CopyString(const char *s) { return strdup(s); }

bool ParseRuntimeOptions(const std::string &text, const char *source, leakscope::Options *out,
                         std::string *error) {
  char message[512];
  if (ParseOptionString(text.c_str(), out, CopyString, message, sizeof(message), source)) return true;
  *error = message;
  return false;
}

}  // namespace leakscope::tool

// libFuzzer target: the runtime's suppression parser and template matcher
// (ParseSuppressions, TemplateMatch; rt/suppressions.cpp), which read the file named by
// suppressions= and the __leakscope_default_suppressions() hook, and match every
// template against the module, function and file of each frame of each leak record.
//
// Input: the whole text is parsed as a suppressions file; its first line is also
// matched, as a template, against the rest. Properties: no crash, no undefined
// behaviour, no out-of-bounds access (ASan, UBSan), matching in bounded time (libFuzzer
// -timeout); a rejected file gets a non-empty one-line message.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <string>

#include "check/suppressions.h"

using namespace leakscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string text(reinterpret_cast<const char *>(data), size);
  char error[1024];
  error[0] = 0;
  if (!ParseSuppressions(text.c_str(), "fuzz.supp", error, sizeof(error)))
    if (!error[0] || strchr(error, '\n')) abort();
  ClearSuppressions();
  size_t nl = text.find('\n');
  if (nl != std::string::npos) {
    std::string templ = text.substr(0, nl);
    TemplateMatch(templ.c_str(), text.c_str() + nl + 1);
  }
  return 0;
}

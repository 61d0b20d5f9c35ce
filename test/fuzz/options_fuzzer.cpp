// libFuzzer target: the runtime's option parser (ParseOptions, rt/options_parse.cpp), which
// reads LEAKSCOPE_OPTIONS and the __leakscope_default_options() hook.
//
// Properties: no crash, no undefined behaviour, no overflow of its fixed buffers
// (ASan, UBSan); a rejected string gets a non-empty one-line message (Fatal prints it
// after "LeakScope: " as one line).
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <string>

#include "base/internal_alloc.h"
#include "options.h"

using namespace leakscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string text(reinterpret_cast<const char *>(data), size);  // stops at a NUL, as getenv does
  Options o;
  const Options defaults;
  char error[512];
  error[0] = 0;
  if (!ParseOptions(text.c_str(), &o, error, sizeof(error)))
    if (!error[0] || strchr(error, '\n')) abort();
  // String values are copied into internal memory; give them back so a long run does
  // not grow without bound.
#define LS_OPTION(type, name, def, desc) FreeIfCopied(o.name, defaults.name);
  auto FreeIfCopied = [](auto value, auto def) {
    if constexpr (__is_same(decltype(value), const char *))
      if (value != def) InternalFree(const_cast<char *>(value));
  };
#include "options.inc"
#undef LS_OPTION
  return 0;
}

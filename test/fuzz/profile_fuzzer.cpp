// libFuzzer target: the leakscope CLI's pprof reader (tools/leakscope/profile.cpp) and
// the views top, flame, diff and watch build on what it returns.
//
// Properties checked on every input, raw or gzipped: no crash, no undefined behaviour,
// no out-of-bounds access (ASan, UBSan); a rejected input gets a one-line reason; an
// accepted one can be walked by every view without touching a dangling id.
#include <stdint.h>
#include <stdlib.h>

#include <string>

#include "profile.h"
#include "site_series.h"

using namespace leakscope::tool;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string bytes(reinterpret_cast<const char *>(data), size);
  Profile p;
  std::string error;
  if (!ParseProfile(bytes, &p, &error)) {
    if (error.empty() || error.find('\n') != std::string::npos) abort();
    return 0;
  }
  std::string type = p.DefaultSampleType();
  if (ResolveSample(p, "fuzz.pb", "", &error) < 0) abort();  // the default always resolves
  for (const ValueType &vt : p.sample_types) {
    SiteTotals totals;
    if (!SumBySite(p, "fuzz.pb", vt.type, &totals, &error)) abort();
    FormatValue(totals.total, vt.unit);
  }
  for (const Sample &s : p.samples) {
    std::vector<Frame> stack = ProgramStack(p.Stack(s));
    if (stack.empty()) abort();  // every view keys a sample by stack[0]
    for (const Frame &f : stack) FrameKey(f);
    for (size_t i = 0; i < s.values.size(); i++) FormatValue(s.values[i], p.sample_types[i].unit);
  }
  return 0;
}

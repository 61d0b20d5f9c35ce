#include "site_series.h"

namespace leakscope::tool {

std::string ObjectsTypeFor(const std::string &bytes_type) {
  const std::string suffix = "_space";
  if (bytes_type.size() <= suffix.size() ||
      bytes_type.compare(bytes_type.size() - suffix.size(), suffix.size(), suffix) != 0)
    return "";
  return bytes_type.substr(0, bytes_type.size() - suffix.size()) + "_objects";
}

bool SumBySite(const Profile &p, const std::string &path, const std::string &bytes_type,
               SiteTotals *out, std::string *error) {
  int bi = ResolveSample(p, path, bytes_type, error);
  if (bi < 0) return false;
  std::string objects_type = ObjectsTypeFor(bytes_type);
  int oi = objects_type.empty() ? -1 : p.SampleIndex(objects_type);
  *out = SiteTotals();
  out->has_objects = oi >= 0;
  for (const Sample &s : p.samples) {
    int64_t b = s.values[bi], o = oi >= 0 ? s.values[oi] : 0;
    if (b == 0 && o == 0) continue;
    std::vector<Frame> stack = ProgramStack(p.Stack(s));
    std::string key = FrameKey(stack[0]);  // ProgramStack is never empty
    SiteValue &v = out->sites[key];
    if (v.frame.function.empty()) v.frame = stack[0];
    v.bytes += b;
    v.objects += o;
    out->total += b;
  }
  return true;
}

std::map<std::string, RetentionPath> RetentionPathsBySite(const Profile &retained) {
  std::map<std::string, RetentionPath> out;
  int space = retained.SampleIndex("retained_space");
  if (space < 0) return out;
  for (const Sample &s : retained.samples) {
    std::vector<Frame> stack = retained.Stack(s);  // leaf (the site) first, the root last
    if (stack.size() < 2) continue;
    std::string key = FrameKey(ProgramStack(stack)[0]);
    RetentionPath &best = out[key];
    if (!best.text.empty() && s.values[space] <= best.bytes) continue;
    best.bytes = s.values[space];
    best.text.clear();
    for (size_t i = stack.size(); i-- > 1;) best.text += (best.text.empty() ? "" : " -> ") + stack[i].function;
  }
  return out;
}

}  // namespace leakscope::tool

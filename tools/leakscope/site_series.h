// Per-site totals of one profile, the unit diff and watch compare: a site is the program
// frame nearest the allocator ("function file:line", see ProgramStack), its value the
// sum over the samples allocated there of one byte sample type and of the matching
// object count (inuse_space pairs with inuse_objects, alloc_space with alloc_objects).
#pragma once

#include <stdint.h>

#include <map>
#include <string>

#include "profile.h"

namespace leakscope::tool {

struct SiteValue {
  int64_t bytes = 0;
  int64_t objects = 0;
  Frame frame;  // the site's frame, for display (the key is FrameKey(frame))
};

struct SiteTotals {
  std::map<std::string, SiteValue> sites;
  int64_t total = 0;          // bytes over all sites
  bool has_objects = false;   // the profile has the matching *_objects type
};

// "inuse_space" -> "inuse_objects"; "" when the name has no _space suffix.
std::string ObjectsTypeFor(const std::string &bytes_type);
// Fills *out from profile `p` read from `path`; false with a one-line *error when the
// profile lacks `bytes_type`.
bool SumBySite(const Profile &p, const std::string &path, const std::string &bytes_type,
               SiteTotals *out, std::string *error);

// What holds each site's memory, from a retention profile (NAME.retained.pb.gz, whose
// stacks are dominator-tree paths: the allocation site, then the block groups that
// dominate it, the root outermost): per site key (as SumBySite keys it), the path of
// its heaviest sample, root first, "global g_cache (app) -> Entry", and what that path
// retains. Empty for a profile without retained_space.
struct RetentionPath {
  std::string text;
  int64_t bytes = 0;
};
std::map<std::string, RetentionPath> RetentionPathsBySite(const Profile &retained);

}  // namespace leakscope::tool

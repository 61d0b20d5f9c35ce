// The growth picture of a series of snapshots, shared by `leakscope watch`'s live table
// and its HTML report.
//
// A site "keeps growing" when its bytes rose at every one of the last `streak`
// snapshot-to-snapshot steps; the live table lists sites with a streak, longest and
// largest first. The report charts the sites that grew most from the first snapshot to
// the last, as an inline SVG (no scripts, nothing fetched): it opens offline.
#pragma once

#include <stdio.h>

#include <map>
#include <string>
#include <vector>

#include "site_series.h"

namespace leakscope::tool {

struct WatchPoint {
  double seconds = 0;     // since the first snapshot
  std::string path;       // the snapshot file; "" once removed
  SiteTotals totals;
  // stale_space by site when the snapshot has it (built with the pass, accesses tracked):
  // how much of what a site holds nobody has touched for the target's stale_after_s.
  bool has_stale = false;
  SiteTotals stale;
  // What holds each site's memory, from the retention profile beside the snapshot (a
  // target with snapshot_retention=1); empty without one.
  std::map<std::string, RetentionPath> retained;
};

struct SiteTrend {
  std::string site;            // the key ("function file:line")
  Frame frame;                 // the site's frame, for display
  std::vector<int64_t> bytes;  // one per point (0 where absent)
  std::vector<int64_t> objects;
  int streak = 0;              // trailing steps with growth
  int64_t stale = 0;           // stale bytes at the last point (when it has_stale)
  int64_t growth() const { return bytes.back() - bytes.front(); }
  int64_t last_step() const { return bytes.size() > 1 ? bytes.back() - bytes[bytes.size() - 2] : 0; }
};

std::vector<SiteTrend> Trends(const std::vector<WatchPoint> &points);
// Sites that grew at the last step and every step before it up to their streak, sorted.
std::vector<SiteTrend> GrowingSites(const std::vector<WatchPoint> &points);
// The live table (plain text) to `out`; sites folded to fit 120 columns unless
// `full_names`. When the last snapshot has stale samples a "stale" column says how much
// of each growing site's memory is stale: growth that is all stale is a cache nobody
// reads. When the last snapshot has a retention profile, each row is followed by what
// retains the site's memory: "  retained by: global g_cache (app) -> Entry".
void PrintGrowthTable(FILE *out, const std::vector<WatchPoint> &points, size_t max_rows, bool full_names);
// The HTML report; `title` names the target; site names folded as in the table unless
// `full_names` (the full name is each row's tooltip). Returns the document.
std::string GrowthReportHtml(const std::vector<WatchPoint> &points, const std::string &title,
                             const std::string &sample, size_t max_series, bool full_names);

}  // namespace leakscope::tool

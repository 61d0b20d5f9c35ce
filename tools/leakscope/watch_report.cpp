#include "watch_report.h"

#include <math.h>

#include <algorithm>
#include <map>
#include <set>

#include "names.h"
#include "output_file.h"
#include "svg.h"

namespace leakscope::tool {

std::vector<SiteTrend> Trends(const std::vector<WatchPoint> &points) {
  std::set<std::string> sites;
  for (const WatchPoint &p : points)
    for (auto &kv : p.totals.sites) sites.insert(kv.first);
  std::vector<SiteTrend> out;
  for (const std::string &s : sites) {
    SiteTrend t;
    t.site = s;
    for (const WatchPoint &p : points) {
      auto it = p.totals.sites.find(s);
      if (it != p.totals.sites.end() && t.frame.function.empty()) t.frame = it->second.frame;
      t.bytes.push_back(it == p.totals.sites.end() ? 0 : it->second.bytes);
      t.objects.push_back(it == p.totals.sites.end() ? 0 : it->second.objects);
    }
    for (size_t k = t.bytes.size(); k > 1 && t.bytes[k - 1] > t.bytes[k - 2]; k--) t.streak++;
    auto st = points.back().stale.sites.find(s);
    if (st != points.back().stale.sites.end()) t.stale = st->second.bytes;
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<SiteTrend> GrowingSites(const std::vector<WatchPoint> &points) {
  std::vector<SiteTrend> out;
  for (SiteTrend &t : Trends(points))
    if (t.streak > 0) out.push_back(std::move(t));
  std::sort(out.begin(), out.end(), [](const SiteTrend &a, const SiteTrend &b) {
    if (a.streak != b.streak) return a.streak > b.streak;
    if (a.growth() != b.growth()) return a.growth() > b.growth();
    return a.site < b.site;
  });
  return out;
}

void PrintGrowthTable(FILE *out, const std::vector<WatchPoint> &points, size_t max_rows, bool full_names) {
  const WatchPoint &last = points.back();
  fprintf(out, "snapshot %zu at +%.1fs%s%s (total %s)\n", points.size(), last.seconds,
          last.path.empty() ? "" : ": ", last.path.c_str(),
          FormatValue(last.totals.total, "bytes").c_str());
  if (points.size() < 2) {
    fprintf(out, "(growth shows from the second snapshot on)\n");
    return;
  }
  std::vector<SiteTrend> growing = GrowingSites(points);
  if (growing.empty()) {
    fprintf(out, "no site grew since the previous snapshot\n");
    return;
  }
  bool stale = last.has_stale;
  fprintf(out, "%10s %s%11s %11s %7s  %s\n", "inuse", stale ? "     stale " : "", "last step", "since first",
          "streak", "site");
  for (size_t k = 0; k < growing.size() && k < max_rows; k++) {
    const SiteTrend &t = growing[k];
    char stale_cell[32] = "";
    if (stale) snprintf(stale_cell, sizeof stale_cell, " %10s", FormatValue(t.stale, "bytes").c_str());
    fprintf(out, "%10s%s %11s %11s %4d/%-2zu  %s\n", FormatValue(t.bytes.back(), "bytes").c_str(), stale_cell,
            ("+" + FormatValue(t.last_step(), "bytes")).c_str(),
            ((t.growth() >= 0 ? "+" : "") + FormatValue(t.growth(), "bytes")).c_str(), t.streak,
            points.size() - 1,
            (t.frame.function.empty() ? t.site
                                      : SiteText(t.frame, " ", kRowWidth - 44 - (stale ? 11 : 0), full_names)).c_str());
    auto r = last.retained.find(t.site);
    if (r != last.retained.end()) {
      std::string line = std::string(stale ? 13 : 2, ' ') + "retained by: " + r->second.text;
      if (!full_names && line.size() > kRowWidth) line = line.substr(0, kRowWidth - 3) + "...";
      fprintf(out, "%s\n", line.c_str());
    }
  }
  if (growing.size() > max_rows) fprintf(out, "... and %zu more growing sites\n", growing.size() - max_rows);
}

namespace {

// A "nice" axis step: 1, 2 or 5 times a power of ten (of 1024 for bytes, so the labels
// read as round kB/MB).
double NiceStep(double range, int ticks) {
  double raw = range / ticks;
  if (raw <= 0) return 1;
  double base = 1024;
  double p = pow(base, floor(log(raw) / log(base)));
  double m = raw / p;
  double step = m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : m <= 10 ? 10 : m <= 20 ? 20 : m <= 50 ? 50 :
                m <= 100 ? 100 : m <= 200 ? 200 : m <= 500 ? 500 : 1024;
  return step * p;
}

std::string Chart(const std::vector<WatchPoint> &points, const std::vector<SiteTrend> &series) {
  const double W = 960, H = 440, left = 90, right = 20, top = 20, bottom = 50;
  double pw = W - left - right, ph = H - top - bottom;
  double tmax = std::max(points.back().seconds, 1e-9);
  int64_t vmax = 1;
  for (const SiteTrend &t : series)
    for (int64_t v : t.bytes) vmax = std::max(vmax, v);
  double ystep = NiceStep(double(vmax), 5);
  double ymax = ceil(double(vmax) / ystep) * ystep;
  auto X = [&](double s) { return left + pw * (points.size() > 1 ? s / tmax : 0.5); };
  auto Y = [&](double v) { return top + ph - ph * v / ymax; };

  std::string s;
  s += "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"growth-chart\" width=\"" + Num(W) + "\" height=\"" + Num(H) +
       "\" viewBox=\"0 0 " + Num(W) + " " + Num(H) + "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  s += "<rect x=\"0\" y=\"0\" width=\"" + Num(W) + "\" height=\"" + Num(H) + "\" fill=\"#ffffff\"/>\n";
  for (double v = 0; v <= ymax + ystep / 2; v += ystep) {
    s += "<line class=\"grid\" x1=\"" + Num(left) + "\" x2=\"" + Num(W - right) + "\" y1=\"" + Num(Y(v)) + "\" y2=\"" +
         Num(Y(v)) + "\" stroke=\"#e0e0e0\"/>";
    s += "<text x=\"" + Num(left - 8) + "\" y=\"" + Num(Y(v) + 4) + "\" text-anchor=\"end\">" +
         XmlEscape(FormatValue(int64_t(v), "bytes")) + "</text>\n";
  }
  // Seconds are not bytes: the time axis steps on a decimal scale.
  double raw = tmax / 6, p10 = pow(10, floor(log10(std::max(raw, 1e-9)))), m = raw / p10;
  double xstep = (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p10;
  for (double t = 0; t <= tmax + xstep / 2; t += xstep) {
    s += "<line x1=\"" + Num(X(t)) + "\" x2=\"" + Num(X(t)) + "\" y1=\"" + Num(top + ph) + "\" y2=\"" + Num(top + ph + 5) +
         "\" stroke=\"#555\"/>";
    s += "<text x=\"" + Num(X(t)) + "\" y=\"" + Num(top + ph + 20) + "\" text-anchor=\"middle\">" + Num(t) + "s</text>\n";
  }
  s += "<line x1=\"" + Num(left) + "\" x2=\"" + Num(left) + "\" y1=\"" + Num(top) + "\" y2=\"" + Num(top + ph) +
       "\" stroke=\"#555\"/>";
  s += "<line x1=\"" + Num(left) + "\" x2=\"" + Num(W - right) + "\" y1=\"" + Num(top + ph) + "\" y2=\"" +
       Num(top + ph) + "\" stroke=\"#555\"/>\n";
  s += "<text x=\"" + Num(left + pw / 2) + "\" y=\"" + Num(H - 8) + "\" text-anchor=\"middle\">time since first snapshot</text>\n";
  for (size_t i = 0; i < series.size(); i++) {
    const SiteTrend &t = series[i];
    std::string color = SeriesColor(int(i)), pts;
    for (size_t k = 0; k < t.bytes.size(); k++)
      pts += (k ? " " : "") + Num(X(points[k].seconds)) + "," + Num(Y(double(t.bytes[k])));
    s += "<g class=\"series\" data-site=\"" + XmlEscape(t.site) + "\"><title>" + XmlEscape(t.site) + "</title>";
    s += "<polyline fill=\"none\" stroke=\"" + color + "\" stroke-width=\"2.5\" points=\"" + pts + "\"/>";
    for (size_t k = 0; k < t.bytes.size(); k++)
      s += "<circle cx=\"" + Num(X(points[k].seconds)) + "\" cy=\"" + Num(Y(double(t.bytes[k]))) + "\" r=\"3.5\" fill=\"" +
           color + "\"><title>" + XmlEscape(t.site + ": " + FormatValue(t.bytes[k], "bytes") + " at +" + Num(points[k].seconds) + "s") +
           "</title></circle>";
    s += "</g>\n";
  }
  s += "</svg>\n";
  return s;
}

}  // namespace

std::string GrowthReportHtml(const std::vector<WatchPoint> &points, const std::string &title,
                             const std::string &sample, size_t max_series, bool full_names) {
  std::vector<SiteTrend> all = Trends(points);
  std::sort(all.begin(), all.end(), [](const SiteTrend &a, const SiteTrend &b) {
    if (a.growth() != b.growth()) return a.growth() > b.growth();
    if (a.bytes.back() != b.bytes.back()) return a.bytes.back() > b.bytes.back();
    return a.site < b.site;
  });
  std::vector<SiteTrend> series(all.begin(), all.begin() + std::min(all.size(), max_series));

  std::string h;
  h += "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + XmlEscape(title) + "</title>\n";
  h += std::string("<!-- ") + kGeneratorMark + " watch -->\n";
  h += "<style>body{font-family:sans-serif;margin:20px;color:#222}table{border-collapse:collapse;margin-top:12px}"
       "td,th{padding:3px 10px;border-bottom:1px solid #ddd;text-align:right}td.site,th.site{text-align:left;"
       "font-family:monospace}.swatch{display:inline-block;width:12px;height:12px;margin-right:6px;"
       "vertical-align:middle}.grow{color:#b00020;font-weight:bold}p.note{color:#555}</style></head><body>\n";
  h += "<h1>" + XmlEscape(title) + "</h1>\n";
  h += "<p class=\"note\">" + std::to_string(points.size()) + " snapshots over " + Num(points.back().seconds) + "s; " +
       XmlEscape(sample) + " per allocation site (the program's frame nearest the allocator). Total now " +
       XmlEscape(FormatValue(points.back().totals.total, "bytes")) + ", at the first snapshot " +
       XmlEscape(FormatValue(points.front().totals.total, "bytes")) + ".</p>\n";
  if (series.empty()) h += "<p class=\"empty\">No allocation sites in these snapshots.</p>\n";
  else h += Chart(points, series);
  bool stale = points.back().has_stale;
  h += "<table id=\"sites\"><tr><th></th><th class=\"site\">site</th><th>first</th><th>last</th>";
  if (stale) h += "<th>stale</th>";
  h += "<th>growth</th><th>objects</th><th>growing steps in a row</th></tr>\n";
  for (size_t i = 0; i < all.size() && i < 50; i++) {
    const SiteTrend &t = all[i];
    std::string swatch = i < series.size() ? "<span class=\"swatch\" style=\"background:" + SeriesColor(int(i)) + "\"></span>" : "";
    std::string name = t.frame.function.empty() ? t.site : SiteText(t.frame, " ", kRowWidth, full_names);
    h += "<tr><td>" + swatch + "</td><td class=\"site\" title=\"" + XmlEscape(t.site) + "\">" + XmlEscape(name) +
         "</td><td>" + XmlEscape(FormatValue(t.bytes.front(), "bytes")) + "</td><td>" +
         XmlEscape(FormatValue(t.bytes.back(), "bytes")) + "</td>" +
         (stale ? "<td class=\"stale\">" + XmlEscape(FormatValue(t.stale, "bytes")) + "</td>" : std::string()) + "<td" + (t.streak > 0 && t.growth() > 0 ? " class=\"grow\"" : "") + ">" + (t.growth() > 0 ? "+" : "") +
         XmlEscape(FormatValue(t.growth(), "bytes")) + "</td><td>" +
         (t.objects.back() - t.objects.front() > 0 ? "+" : "") + std::to_string(t.objects.back() - t.objects.front()) +
         "</td><td>" + std::to_string(t.streak) + "/" + std::to_string(points.size() - 1) + "</td></tr>\n";
  }
  h += "</table>\n";
  std::string paths;
  for (const WatchPoint &p : points)
    if (!p.path.empty()) paths += " " + XmlEscape(p.path);
  if (paths.empty()) h += "<p class=\"note\">The snapshots were removed once read (leakscope watch --keep DIR keeps them).</p>\n";
  else h += "<p class=\"note\">Snapshots:" + paths + "</p>\n";
  h += "</body></html>\n";
  return h;
}

}  // namespace leakscope::tool

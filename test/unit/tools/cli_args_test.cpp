// Argument parsing, SVG helpers and growth trends of the leakscope tool.
#include <gtest/gtest.h>

#include "cli_args.h"
#include "svg.h"
#include "watch_report.h"

namespace leakscope::tool {
namespace {

TEST(CliArgsTest, MatchOptionForms) {
  Args a = {"-o", "x.svg", "--sample=alloc_space", "-n", "file"};
  std::string v;
  size_t i = 0;
  EXPECT_EQ(MatchOption(a, &i, {"-o"}, &v), 1);
  EXPECT_EQ(v, "x.svg");
  EXPECT_EQ(i, 1u);
  i = 2;
  EXPECT_EQ(MatchOption(a, &i, {"--sample"}, &v), 1);
  EXPECT_EQ(v, "alloc_space");
  i = 4;
  EXPECT_EQ(MatchOption(a, &i, {"-n"}, &v), 0);
  Args last = {"-n"};
  i = 0;
  EXPECT_EQ(MatchOption(last, &i, {"-n"}, &v), -1);
  Args prefix = {"--samples=x"};
  i = 0;
  EXPECT_EQ(MatchOption(prefix, &i, {"--sample"}, &v), 0);
}

TEST(CliArgsTest, Durations) {
  double s;
  EXPECT_TRUE(ParseDuration("10s", &s) && s == 10);
  EXPECT_TRUE(ParseDuration("500ms", &s) && s == 0.5);
  EXPECT_TRUE(ParseDuration("5m", &s) && s == 300);
  EXPECT_TRUE(ParseDuration("1h", &s) && s == 3600);
  EXPECT_TRUE(ParseDuration("2.5", &s) && s == 2.5);
  for (const char *bad : {"", "0", "-5s", "10x", "s", "1e9", "nan"}) EXPECT_FALSE(ParseDuration(bad, &s)) << bad;
}

TEST(CliArgsTest, Sizes) {
  int64_t b;
  EXPECT_TRUE(ParseSize("4096", &b) && b == 4096);
  EXPECT_TRUE(ParseSize("64k", &b) && b == 65536);
  EXPECT_TRUE(ParseSize("10MB", &b) && b == 10 << 20);
  EXPECT_TRUE(ParseSize("1GiB", &b) && b == int64_t(1) << 30);
  EXPECT_TRUE(ParseSize("0", &b) && b == 0);
  for (const char *bad : {"", "-1", "lots", "1x", "99999999999999999999g", "k"}) EXPECT_FALSE(ParseSize(bad, &b)) << bad;
}

TEST(CliArgsTest, Counts) {
  long n;
  EXPECT_TRUE(ParseCount("20", &n) && n == 20);
  for (const char *bad : {"", "0", "-3", "2x", " 5"}) EXPECT_FALSE(ParseCount(bad, &n)) << bad;
}

TEST(SvgTest, EscapingNumbersAndText) {
  EXPECT_EQ(XmlEscape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
  EXPECT_EQ(XmlEscape(std::string("x\x01y")), "x?y");
  EXPECT_EQ(Num(12.0), "12");
  EXPECT_EQ(Num(12.5), "12.5");
  EXPECT_EQ(Num(955.1496), "955.15");
  EXPECT_EQ(Num(0.001), "0");
  EXPECT_EQ(FitText("grow_cache", 1000, 6.6), "grow_cache");
  EXPECT_EQ(FitText("grow_cache", 40, 6.6), "grow..");
  EXPECT_EQ(FitText("grow_cache", 10, 6.6), "");
  // Never cuts a UTF-8 sequence in half.
  EXPECT_EQ(FitText("ab\xc3\xa9xyz", 33, 6.6), "ab..");
  EXPECT_EQ(WarmColor("main"), WarmColor("main"));
  EXPECT_NE(SeriesColor(0), SeriesColor(1));
}

WatchPoint Point(double t, std::vector<std::pair<std::string, int64_t>> sites) {
  WatchPoint p;
  p.seconds = t;
  for (auto &s : sites) {
    p.totals.sites[s.first].bytes = s.second;
    p.totals.total += s.second;
  }
  return p;
}

TEST(WatchReportTest, StreaksCountTrailingGrowth) {
  std::vector<WatchPoint> pts = {Point(0, {{"a", 10}, {"b", 50}, {"c", 5}}),
                                 Point(1, {{"a", 20}, {"b", 40}, {"c", 6}}),
                                 Point(2, {{"a", 30}, {"b", 45}}),
                                 Point(3, {{"a", 40}, {"b", 46}, {"d", 1}})};
  std::vector<SiteTrend> growing = GrowingSites(pts);
  ASSERT_EQ(growing.size(), 3u);
  EXPECT_EQ(growing[0].site, "a");  // grew at all 3 steps
  EXPECT_EQ(growing[0].streak, 3);
  EXPECT_EQ(growing[0].growth(), 30);
  EXPECT_EQ(growing[1].site, "b");  // shrank, then grew twice
  EXPECT_EQ(growing[1].streak, 2);
  EXPECT_EQ(growing[2].site, "d");  // appeared at the last snapshot
  EXPECT_EQ(growing[2].streak, 1);
  // c vanished: absent counts as 0, not growing.
  for (const SiteTrend &t : Trends(pts))
    if (t.site == "c") EXPECT_EQ(t.bytes, (std::vector<int64_t>{5, 6, 0, 0}));
}

TEST(WatchReportTest, ReportChartsTopSitesWithoutScripts) {
  std::vector<WatchPoint> pts = {Point(0, {{"a <x>", 10}, {"b", 50}}), Point(2, {{"a <x>", 90}, {"b", 50}})};
  std::string html = GrowthReportHtml(pts, "t", "inuse_space", 1);
  EXPECT_NE(html.find("id=\"growth-chart\""), std::string::npos);
  EXPECT_NE(html.find("data-site=\"a &lt;x&gt;\""), std::string::npos);
  EXPECT_EQ(html.find("data-site=\"b\""), std::string::npos);  // only one series asked for
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

}  // namespace
}  // namespace leakscope::tool

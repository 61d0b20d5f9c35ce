// Argument parsing, SVG helpers and growth trends of the leakscope tool.
#include <gtest/gtest.h>

#include "cli_args.h"
#include "svg.h"
#include "watch_report.h"

namespace leakscope::tool {
namespace {

int RunNothing(const Invocation &) { return 0; }

const Command kTestCommand = {
    "test", "FILE", "a command for tests", "FILE [-n N]", "Does nothing.",
    {
        {{"-o", "--output"}, ValueKind::kText, "FILE", "a file name", "output"},
        {{"-n"}, ValueKind::kCount, "N", "a positive number", "rows\nsecond line"},
        {{"--every"}, ValueKind::kDuration, "DUR", "a duration", "interval"},
        {{"--quiet"}, ValueKind::kFlag, "", "", "say less"},
    },
    "leakscope test x", false, RunNothing,
};

TEST(CliArgsTest, BothValueFormsOperandsAndOrder) {
  Invocation in;
  ASSERT_EQ(ParseInvocation(kTestCommand, {"--output", "x.svg", "file", "-n=3", "--quiet", "--every=500ms", "-o", "y"}, &in), -1);
  EXPECT_EQ(in.operands, (Args{"file"}));
  EXPECT_EQ(in.Text("-o"), "y");  // the last one wins; --output is the same option
  EXPECT_EQ(in.Count("-n", 20), 3);
  EXPECT_EQ(in.Seconds("--every", 10), 0.5);
  EXPECT_TRUE(in.Has("--quiet"));
  EXPECT_EQ(in.Count("--absent", 7), 7);
  ASSERT_EQ(in.options.size(), 5u);
  EXPECT_EQ(in.options[0].key, "-o");
  EXPECT_EQ(in.options[0].text, "x.svg");
  // After "--" everything is an operand.
  ASSERT_EQ(ParseInvocation(kTestCommand, {"--", "-n", "--help"}, &in), -1);
  EXPECT_EQ(in.operands, (Args{"-n", "--help"}));
}

TEST(CliArgsTest, ErrorsNameTheBadText) {
  Invocation in;
  testing::internal::CaptureStderr();
  EXPECT_EQ(ParseInvocation(kTestCommand, {"-n", "0"}, &in), 2);
  EXPECT_EQ(ParseInvocation(kTestCommand, {"file", "-n"}, &in), 2);
  EXPECT_EQ(ParseInvocation(kTestCommand, {"--frob"}, &in), 2);
  EXPECT_EQ(ParseInvocation(kTestCommand, {"--quiet=1"}, &in), 2);  // a flag takes no value
  EXPECT_EQ(ParseInvocation(kTestCommand, {"--outputs=x"}, &in), 2);  // no prefix matching
  EXPECT_EQ(testing::internal::GetCapturedStderr(),
            "LeakScope: test: -n needs a positive number, got '0'\n"
            "LeakScope: test: -n needs a positive number\n"
            "LeakScope: test: unknown option '--frob' (see leakscope test --help)\n"
            "LeakScope: test: unknown option '--quiet=1' (see leakscope test --help)\n"
            "LeakScope: test: unknown option '--outputs=x' (see leakscope test --help)\n");
}

TEST(CliArgsTest, HelpWinsAndIsBuiltFromTheTable) {
  Invocation in;
  testing::internal::CaptureStdout();
  EXPECT_EQ(ParseInvocation(kTestCommand, {"-n", "0", "--help"}, &in), 0);
  EXPECT_EQ(testing::internal::GetCapturedStdout(), HelpText(kTestCommand));
  EXPECT_EQ(HelpText(kTestCommand),
            "usage: leakscope test FILE [-n N]\n"
            "\n"
            "Does nothing.\n"
            "\n"
            "  -o, --output FILE   output\n"
            "  -n N                rows\n"
            "                      second line\n"
            "  --every DUR         interval\n"
            "  --quiet             say less\n"
            "\n"
            "examples:\n"
            "  leakscope test x\n");
  EXPECT_EQ(UsageText({&kTestCommand}).substr(0, 82),
            "usage: leakscope <command> [options]\n\ncommands:\n  test FILE   a command for tests\n");
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
  std::string html = GrowthReportHtml(pts, "t", "inuse_space", 1, false);
  EXPECT_NE(html.find("id=\"growth-chart\""), std::string::npos);
  EXPECT_NE(html.find("data-site=\"a &lt;x&gt;\""), std::string::npos);
  EXPECT_EQ(html.find("data-site=\"b\""), std::string::npos);  // only one series asked for
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

}  // namespace
}  // namespace leakscope::tool

#include "options.h"

#include <gtest/gtest.h>

using namespace leakscope;

TEST(Options, ParsesColonAndSpaceSeparatedPairs) {
  Options o;
  char err[256];
  ASSERT_TRUE(ParseOptions("exitcode=7:max_leaks=3 report_objects=1", &o, err, sizeof(err)));
  EXPECT_EQ(o.exitcode, 7);
  EXPECT_EQ(o.max_leaks, 3);
  EXPECT_TRUE(o.report_objects);
}

static std::string g_unknown;
static void RecordUnknown(const char *name, const char *source) {
  g_unknown += std::string(name) + "@" + source + ";";
}

TEST(Options, UnknownKeyIsSkippedAndReported) {
  Options o;
  char err[256];
  g_unknown.clear();
  EXPECT_TRUE(ParseOptions("exitcode=1:bogus_flag=2:max_leaks=4", &o, err, sizeof(err),
                           "LSAN_OPTIONS", RecordUnknown));
  EXPECT_EQ(g_unknown, "bogus_flag@LSAN_OPTIONS;");
  EXPECT_EQ(o.exitcode, 1);
  EXPECT_EQ(o.max_leaks, 4);
  EXPECT_TRUE(ParseOptions("other=1", &o, err, sizeof(err)));  // no callback: silent
}

TEST(Options, IntOptionsHaveRanges) {
  Options o;
  char err[256];
  EXPECT_TRUE(ParseOptions("exitcode=255:snapshot_keep=3", &o, err, sizeof(err))) << err;
  EXPECT_EQ(o.exitcode, 255);
  EXPECT_EQ(o.snapshot_keep, 3);
  EXPECT_FALSE(ParseOptions("exitcode=256", &o, err, sizeof(err)));
  EXPECT_NE(std::string(err).find("exitcode=256 in LEAKSCOPE_OPTIONS is out of range (0..255)"),
            std::string::npos) << err;
  EXPECT_FALSE(ParseOptions("snapshot_interval_s=-1", &o, err, sizeof(err)));
  EXPECT_NE(std::string(err).find("snapshot_interval_s=-1"), std::string::npos) << err;
  EXPECT_FALSE(ParseOptions("max_allocation_size_mb=-1", &o, err, sizeof(err)));
  EXPECT_FALSE(ParseOptions("verbosity=4294967297", &o, err, sizeof(err)));
  EXPECT_FALSE(ParseOptions("snapshot_signal=11", &o, err, sizeof(err)));
  EXPECT_NE(std::string(err).find("snapshot_signal=11"), std::string::npos) << err;
  Options fresh;
  EXPECT_FALSE(ParseOptions("snapshot_signal=23", &fresh, err, sizeof(err)));  // stop_signal
  EXPECT_TRUE(ParseOptions("snapshot_signal=12", &fresh, err, sizeof(err))) << err;
}

TEST(Options, ErrorStaysOneLine) {
  // A quoted value may hold a newline (found by fuzz-options): the message shows it
  // escaped, so Fatal's "LeakScope: ..." stays one line.
  Options o;
  char err[256];
  EXPECT_FALSE(ParseOptions("exitcode=\"1\n2\"", &o, err, sizeof(err)));
  EXPECT_STREQ(err, "bad value '1\\x0a2' for option 'exitcode' in LEAKSCOPE_OPTIONS (expected an integer)");
  EXPECT_FALSE(ParseOptions("ex\rit", &o, err, sizeof(err)));
  EXPECT_STREQ(err, "malformed option 'ex\\x0dit' in LEAKSCOPE_OPTIONS (expected key=value)");
}

TEST(Options, BadValueNamesValueAndKey) {
  Options o;
  char err[256];
  EXPECT_FALSE(ParseOptions("exitcode=abc", &o, err, sizeof(err)));
  EXPECT_NE(std::string(err).find("bad value 'abc' for option 'exitcode'"), std::string::npos) << err;
  EXPECT_FALSE(ParseOptions("detect_leaks", &o, err, sizeof(err)));
  EXPECT_NE(std::string(err).find("malformed option 'detect_leaks'"), std::string::npos) << err;
  EXPECT_FALSE(ParseOptions("malloc_context_size=0", &o, err, sizeof(err)));
}

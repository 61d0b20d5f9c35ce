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

TEST(Options, UnknownKeyNamesTheKey) {
  Options o;
  char err[256];
  EXPECT_FALSE(ParseOptions("exitcode=1:bogus_flag=2", &o, err, sizeof(err)));
  EXPECT_NE(std::string(err).find("unknown option 'bogus_flag'"), std::string::npos) << err;
}

TEST(Options, ErrorStaysOneLine) {
  // A quoted value may hold a newline (found by fuzz-options): the message shows it
  // escaped, so Fatal's "LeakScope: ..." stays one line.
  Options o;
  char err[256];
  EXPECT_FALSE(ParseOptions("exitcode=\"1\n2\"", &o, err, sizeof(err)));
  EXPECT_STREQ(err, "bad value '1\\x0a2' for option 'exitcode' (expected an integer)");
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

#include "check/suppressions.h"

#include <gtest/gtest.h>

#include <string>

using namespace leakscope;

TEST(Suppressions, TemplateMatching) {
  EXPECT_TRUE(TemplateMatch("foo", "libfoo.so"));
  EXPECT_TRUE(TemplateMatch("^lib", "libfoo.so"));
  EXPECT_FALSE(TemplateMatch("^foo", "libfoo.so"));
  EXPECT_TRUE(TemplateMatch(".so$", "libfoo.so"));
  EXPECT_FALSE(TemplateMatch("foo$", "libfoo.so"));
  EXPECT_TRUE(TemplateMatch("lib*.so", "libfoo.so"));
  EXPECT_TRUE(TemplateMatch("^Make*Cache$", "MakeBigCache"));
  EXPECT_FALSE(TemplateMatch("^Make*Cache$", "MakeBigCaches"));
  EXPECT_FALSE(TemplateMatch("abc", nullptr));
}

TEST(Suppressions, ManyStarsMatchInBoundedTime) {
  // A backtracking matcher takes exponential time here (found by fuzz-suppressions;
  // test/fuzz/crashes/suppressions/timeout-many-stars): a C++ symbol is easily this long.
  std::string name(4000, 'a');
  EXPECT_FALSE(TemplateMatch("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", name.c_str()));
  EXPECT_TRUE(TemplateMatch("^*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a$", name.c_str()));
  EXPECT_FALSE(TemplateMatch("^a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b$", name.c_str()));
}

TEST(Suppressions, MalformedLineIsNamed) {
  char err[256];
  EXPECT_TRUE(ParseSuppressions("# comment\n\nleak:foo\n", "s.txt", err, sizeof(err)));
  EXPECT_FALSE(ParseSuppressions("leak:ok\nrace:foo\n", "s.txt", err, sizeof(err)));
  EXPECT_STREQ(err, "s.txt:2: bad suppression 'race:foo' (expected leak:PATTERN)");
}

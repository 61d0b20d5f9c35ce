// The tool reads a target's LEAKSCOPE_OPTIONS with the runtime's parser and table.
#include <gtest/gtest.h>

#include "target_options.h"

namespace leakscope::tool {
namespace {

TEST(TargetOptionsTest, DefaultsComeFromTheTable) {
  leakscope::Options o;
  std::string error;
  ASSERT_TRUE(ParseRuntimeOptions("", &o, &error));
  EXPECT_EQ(o.snapshot_signal, 10);
  EXPECT_STREQ(o.snapshot_path, "leakscope.%p.%n.pb.gz");
}

TEST(TargetOptionsTest, ValuesSplitAsTheRuntimeSplitsThem) {
  leakscope::Options o;
  std::string error;
  // ',' does not end a value; ':' and blanks separate pairs; quotes keep separators.
  ASSERT_TRUE(ParseRuntimeOptions("snapshot_path=/tmp/a,b-%p-%n.pb.gz:snapshot_signal=12", &o, &error)) << error;
  EXPECT_STREQ(o.snapshot_path, "/tmp/a,b-%p-%n.pb.gz");
  EXPECT_EQ(o.snapshot_signal, 12);
  ASSERT_TRUE(ParseRuntimeOptions("snapshot_path='/tmp/x y:z.%n' verbosity=1", &o, &error)) << error;
  EXPECT_STREQ(o.snapshot_path, "/tmp/x y:z.%n");
  EXPECT_EQ(o.snapshot_signal, 10);
}

TEST(TargetOptionsTest, BadInputGetsTheRuntimesMessage) {
  leakscope::Options o;
  std::string error;
  EXPECT_FALSE(ParseRuntimeOptions("snapshot_signal=usr1", &o, &error));
  EXPECT_EQ(error, "bad value 'usr1' for option 'snapshot_signal' (expected an integer)");
  EXPECT_FALSE(ParseRuntimeOptions("snapshot_pth=x", &o, &error));
  EXPECT_EQ(error, "unknown option 'snapshot_pth' in LEAKSCOPE_OPTIONS (help=1 lists them)");
}

}  // namespace
}  // namespace leakscope::tool

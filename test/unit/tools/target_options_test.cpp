// The tool reads a target's options with the runtime's parser and table.
#include <gtest/gtest.h>

#include "target_options.h"

namespace leakscope::tool {
namespace {

TEST(TargetOptionsTest, DefaultsComeFromTheTable) {
  leakscope::Options o;
  std::string error;
  ASSERT_TRUE(ParseRuntimeOptions("", "LEAKSCOPE_OPTIONS", &o, &error));
  EXPECT_EQ(o.snapshot_signal, 10);
  EXPECT_STREQ(o.snapshot_path, "leakscope.%p.%n.pb.gz");
}

TEST(TargetOptionsTest, ValuesSplitAsTheRuntimeSplitsThem) {
  leakscope::Options o;
  std::string error;
  // ',' does not end a value; ':' and blanks separate pairs; quotes keep separators.
  ASSERT_TRUE(ParseRuntimeOptions("snapshot_path=/tmp/a,b-%p-%n.pb.gz:snapshot_signal=12", "LEAKSCOPE_OPTIONS", &o,
                                  &error))
      << error;
  EXPECT_STREQ(o.snapshot_path, "/tmp/a,b-%p-%n.pb.gz");
  EXPECT_EQ(o.snapshot_signal, 12);
  // A second string goes on top of the first, as LEAKSCOPE_OPTIONS on LSAN_OPTIONS.
  ASSERT_TRUE(ParseRuntimeOptions("snapshot_path='/tmp/x y:z.%n' verbosity=1", "LEAKSCOPE_OPTIONS", &o, &error))
      << error;
  EXPECT_STREQ(o.snapshot_path, "/tmp/x y:z.%n");
  EXPECT_EQ(o.snapshot_signal, 12);
}

TEST(TargetOptionsTest, BadInputGetsTheRuntimesMessage) {
  leakscope::Options o;
  std::string error;
  EXPECT_FALSE(ParseRuntimeOptions("snapshot_signal=usr1", "LSAN_OPTIONS", &o, &error));
  EXPECT_EQ(error, "bad value 'usr1' for option 'snapshot_signal' in LSAN_OPTIONS (expected an integer)");
  EXPECT_FALSE(ParseRuntimeOptions("snapshot_signal=99", "LEAKSCOPE_OPTIONS", &o, &error));
  EXPECT_EQ(error, "snapshot_signal=99 in LEAKSCOPE_OPTIONS is out of range (0..64)");
  // An unknown name is skipped, as the runtime skips it.
  EXPECT_TRUE(ParseRuntimeOptions("snapshot_pth=x:snapshot_signal=3", "LEAKSCOPE_OPTIONS", &o, &error));
  EXPECT_EQ(o.snapshot_signal, 3);
}

}  // namespace
}  // namespace leakscope::tool

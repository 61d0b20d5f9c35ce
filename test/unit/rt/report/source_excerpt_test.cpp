#include "report/source_excerpt.h"

#include <gtest/gtest.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

using namespace leakscope;

namespace {
// A temporary file with the given contents, removed at the end of the test.
struct TempFile {
  std::string path;
  explicit TempFile(const std::string &text) {
    char name[] = "/tmp/source_excerpt_XXXXXX";
    int fd = mkstemp(name);
    EXPECT_GE(fd, 0);
    EXPECT_EQ(write(fd, text.data(), text.size()), (ssize_t)text.size());
    close(fd);
    path = name;
  }
  ~TempFile() { unlink(path.c_str()); }
};
}  // namespace

static std::string Numbered(int from, int to) {
  std::string s;
  for (int i = from; i <= to; i++) s += "line " + std::to_string(i) + "\n";
  return s;
}

TEST(SourceExcerpt, LinesAroundTheLine) {
  TempFile f(Numbered(1, 20));
  SourceExcerpt x;
  ASSERT_TRUE(ReadSourceExcerpt(f.path.c_str(), 10, 3, &x));
  EXPECT_EQ(x.first, 7u);
  EXPECT_EQ(x.count, 7u);
  EXPECT_STREQ(x.lines[0], "line 7");
  EXPECT_STREQ(x.lines[3], "line 10");
  EXPECT_STREQ(x.lines[6], "line 13");
}

TEST(SourceExcerpt, AtTheStartAndTheEnd) {
  TempFile f(Numbered(1, 4) + "last, no newline");
  SourceExcerpt x;
  ASSERT_TRUE(ReadSourceExcerpt(f.path.c_str(), 1, 3, &x));
  EXPECT_EQ(x.first, 1u);
  EXPECT_EQ(x.count, 4u);
  EXPECT_STREQ(x.lines[0], "line 1");
  ASSERT_TRUE(ReadSourceExcerpt(f.path.c_str(), 5, 3, &x));
  EXPECT_EQ(x.first, 2u);
  EXPECT_EQ(x.count, 4u);
  EXPECT_STREQ(x.lines[3], "last, no newline");
  // Beyond the end: nothing to show in place.
  EXPECT_FALSE(ReadSourceExcerpt(f.path.c_str(), 9, 3, &x));
  EXPECT_FALSE(ReadSourceExcerpt(f.path.c_str(), 0, 3, &x));
}

TEST(SourceExcerpt, CrlfAndEmptyLines) {
  TempFile f("a\r\n\r\nc\r\n");
  SourceExcerpt x;
  ASSERT_TRUE(ReadSourceExcerpt(f.path.c_str(), 2, 1, &x));
  EXPECT_EQ(x.count, 3u);
  EXPECT_STREQ(x.lines[0], "a");
  EXPECT_STREQ(x.lines[1], "");
  EXPECT_FALSE(x.cut[1]);
  EXPECT_STREQ(x.lines[2], "c");
}

TEST(SourceExcerpt, LongLinesAreCutOnACharacterBoundary) {
  // 239 ASCII bytes, then a 2-byte character that would straddle the 240-byte limit.
  std::string longline(kExcerptLineBytes - 1, 'x');
  longline += "\xc3\xa9 and more";
  TempFile f("short\n" + longline + "\nafter\n");
  SourceExcerpt x;
  ASSERT_TRUE(ReadSourceExcerpt(f.path.c_str(), 2, 1, &x));
  EXPECT_FALSE(x.cut[0]);
  EXPECT_TRUE(x.cut[1]);
  EXPECT_EQ(std::string(x.lines[1]), std::string(kExcerptLineBytes - 1, 'x'));
  EXPECT_STREQ(x.lines[2], "after");
}

TEST(SourceExcerpt, OnlyRegularFiles) {
  SourceExcerpt x;
  EXPECT_FALSE(ReadSourceExcerpt("/nonexistent/file.cpp", 1, 3, &x));
  EXPECT_FALSE(ReadSourceExcerpt("/tmp", 1, 3, &x));
  EXPECT_FALSE(ReadSourceExcerpt("", 1, 3, &x));
  // A FIFO is never read from (the read would block with no writer).
  char dir[] = "/tmp/source_excerpt_fifo_XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  std::string fifo = std::string(dir) + "/f.cpp";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_FALSE(ReadSourceExcerpt(fifo.c_str(), 1, 3, &x));
  unlink(fifo.c_str());
  rmdir(dir);
}

#include "report/json_writer.h"

#include <gtest/gtest.h>
#include <stdio.h>
#include <unistd.h>

#include <string>

using namespace leakscope;

static std::string Escaped(const char *s, uptr size = 256) {
  char out[256];
  JsonEscape(s, out, size);
  return out;
}

TEST(JsonEscape, PlainTextIsUnchanged) {
  EXPECT_EQ(Escaped("operator new(unsigned long)"), "operator new(unsigned long)");
  EXPECT_EQ(Escaped(""), "");
  EXPECT_EQ(Escaped(nullptr), "");
}

TEST(JsonEscape, QuotesBackslashesAndControls) {
  EXPECT_EQ(Escaped("a\"b"), "a\\\"b");
  EXPECT_EQ(Escaped("C:\\dir"), "C:\\\\dir");
  EXPECT_EQ(Escaped("tab\there\nnl\rcr"), "tab\\there\\nnl\\rcr");
  EXPECT_EQ(Escaped("\x01\x1f\x7f"), "\\u0001\\u001f\\u007f");
}

TEST(JsonEscape, Utf8IsKeptAndInvalidBytesReplaced) {
  EXPECT_EQ(Escaped("caf\xc3\xa9"), "caf\xc3\xa9");           // é
  EXPECT_EQ(Escaped("\xe2\x82\xac"), "\xe2\x82\xac");         // €
  EXPECT_EQ(Escaped("bad\xff"), "bad\\ufffd");                 // not a lead byte
  EXPECT_EQ(Escaped("cut\xc3"), "cut\\ufffd");                 // truncated sequence
  EXPECT_EQ(Escaped("\xc0\xaf"), "\\ufffd\\ufffd");            // overlong form
}

TEST(JsonEscape, NeverSplitsAnEscape) {
  // Room for "ab" and the terminator, not for the 2-byte escape that follows.
  EXPECT_EQ(Escaped("ab\"cd", 4), "ab");
  EXPECT_EQ(Escaped("abc", 1), "");
}

// Writes through a pipe and reads back what the writer produced.
static std::string Written(void (*fn)(JsonWriter &)) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  {
    JsonWriter w(fds[1]);
    fn(w);
  }  // flushes
  close(fds[1]);
  std::string s;
  char buf[4096];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof(buf))) > 0) s.append(buf, n);
  close(fds[0]);
  return s;
}

TEST(JsonWriter, ObjectsWithKeys) {
  std::string s = Written([](JsonWriter &w) {
    bool first = true;
    w.Raw("{");
    w.Key("name", &first);
    w.String("x\"y");
    w.Key("n", &first);
    w.U64(18446744073709551615ULL);
    w.Key("ok", &first);
    w.Bool(true);
    w.Key("none", &first);
    w.String(nullptr);
    w.Raw("}");
  });
  EXPECT_EQ(s, "{\"name\":\"x\\\"y\",\"n\":18446744073709551615,\"ok\":true,\"none\":\"\"}");
}

TEST(JsonWriter, OutputLargerThanTheBuffer) {
  std::string s = Written([](JsonWriter &w) {
    for (int i = 0; i < 5000; i++) w.String("0123456789");
  });
  EXPECT_EQ(s.size(), 5000u * 12);
  EXPECT_EQ(s.substr(0, 24), "\"0123456789\"\"0123456789\"");
}

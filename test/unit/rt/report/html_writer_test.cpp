#include "report/html_writer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

using namespace leakscope;

static std::string Escaped(const char *s, uptr size = 256) {
  char out[256];
  HtmlEscape(s, out, size);
  return out;
}

TEST(HtmlEscape, PlainTextIsUnchanged) {
  EXPECT_EQ(Escaped("operator new(unsigned long)"), "operator new(unsigned long)");
  EXPECT_EQ(Escaped(""), "");
  EXPECT_EQ(Escaped(nullptr), "");
}

TEST(HtmlEscape, MarkupCharacters) {
  EXPECT_EQ(Escaped("std::vector<Box<int>>"), "std::vector&lt;Box&lt;int&gt;&gt;");
  EXPECT_EQ(Escaped("a && b"), "a &amp;&amp; b");
  EXPECT_EQ(Escaped("\"q\" 'a'"), "&quot;q&quot; &#39;a&#39;");
  EXPECT_EQ(Escaped("&lt;"), "&amp;lt;");  // an entity in a name is text, escaped again
}

TEST(HtmlEscape, ControlsAndInvalidUtf8BecomeReplacementCharacters) {
  EXPECT_EQ(Escaped("tab\there\nnl"), "tab\there\nnl");
  EXPECT_EQ(Escaped("\x01\x1b\x7f"), "&#xfffd;&#xfffd;&#xfffd;");
  EXPECT_EQ(Escaped("caf\xc3\xa9 \xe2\x82\xac"), "caf\xc3\xa9 \xe2\x82\xac");
  EXPECT_EQ(Escaped("bad\xff"), "bad&#xfffd;");
  EXPECT_EQ(Escaped("cut\xc3"), "cut&#xfffd;");
}

TEST(HtmlEscape, NeverSplitsAnEntity) {
  EXPECT_EQ(Escaped("ab<cd", 6), "ab");  // "ab&lt;" needs 7 bytes with the terminator
  EXPECT_EQ(Escaped("ab<cd", 7), "ab&lt;");
}

static std::string Written(void (*fn)(HtmlWriter &)) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  {
    HtmlWriter w(fds[1]);
    fn(w);
  }
  close(fds[1]);
  std::string s;
  char buf[4096];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof(buf))) > 0) s.append(buf, n);
  close(fds[0]);
  return s;
}

TEST(HtmlWriter, MarkupIsRawTextIsEscaped) {
  std::string s = Written([](HtmlWriter &w) {
    w.Markup("<li class=\"%s\">%u ", "x", 42u);
    w.Text("<b>&");
    w.Raw("</li>");
  });
  EXPECT_EQ(s, "<li class=\"x\">42 &lt;b&gt;&amp;</li>");
}

TEST(HtmlWriter, LongTextGoesThroughTheBuffer) {
  std::string s = Written([](HtmlWriter &w) {
    for (int i = 0; i < 3000; i++) w.Text("<>");
  });
  EXPECT_EQ(s.size(), 3000u * 8);
  EXPECT_EQ(s.substr(0, 16), "&lt;&gt;&lt;&gt;");
}

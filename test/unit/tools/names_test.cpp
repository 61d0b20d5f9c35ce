// Folded function names and rows fitted to a width.
#include <gtest/gtest.h>

#include "names.h"

namespace leakscope::tool {
namespace {

TEST(NamesTest, FoldsTemplateArgumentsAndParameters) {
  EXPECT_EQ(FoldFunctionName("StoreResponse(std::__cxx11::basic_string<char, std::char_traits<char>, "
                             "std::allocator<char>> const&, unsigned long)"),
            "StoreResponse(...)");
  EXPECT_EQ(FoldFunctionName("main"), "main");
  EXPECT_EQ(FoldFunctionName("main()"), "main()");
  EXPECT_EQ(FoldFunctionName("Cache<std::string, int>::Put(int const&) const"), "Cache<...>::Put(...)");
  // A function template's return type goes.
  EXPECT_EQ(FoldFunctionName("std::pair<std::_Rb_tree_iterator<int>, bool> std::_Rb_tree<int, int>::"
                             "_M_insert_unique<int const&>(int const&)"),
            "std::_Rb_tree<...>::_M_insert_unique<...>(...)");
  EXPECT_EQ(FoldFunctionName("unsigned long Count<int>(int)"), "Count<...>(...)");
  // Operators and anonymous namespaces keep their brackets.
  EXPECT_EQ(FoldFunctionName("operator new(unsigned long)"), "operator new(...)");
  EXPECT_EQ(FoldFunctionName("std::ostream::operator<<(int)"), "std::ostream::operator<<(...)");
  EXPECT_EQ(FoldFunctionName("std::less<int>::operator()(int const&, int const&) const"),
            "std::less<...>::operator()(...)");
  EXPECT_EQ(FoldFunctionName("(anonymous namespace)::Worker::Run(int)"), "(anonymous namespace)::Worker::Run(...)");
  // A lambda's enclosing function is part of its name.
  EXPECT_EQ(FoldFunctionName("HandleRequest(long)::$_0::operator()(int) const"),
            "HandleRequest(...)::$_0::operator()(...)");
  // Not C++: left alone.
  EXPECT_EQ(FoldFunctionName("main.(*Cache).Put"), "main.(*Cache).Put");
  EXPECT_EQ(FoldFunctionName("0x4011d0"), "0x4011d0");
  EXPECT_EQ(FoldFunctionName("parse<int>"), "parse<int>");
  EXPECT_EQ(FoldFunctionName("broken(int"), "broken(int");
  EXPECT_EQ(FoldFunctionName("(no stack)"), "(no stack)");
  EXPECT_EQ(QualifiedFunctionName("(no stack)"), "(no stack)");
}

TEST(NamesTest, QualifiedNameDropsReturnTypeAndParameters) {
  EXPECT_EQ(QualifiedFunctionName("void std::vector<int>::_M_realloc_insert<int>(int&&)"),
            "std::vector<int>::_M_realloc_insert<int>");
  EXPECT_EQ(QualifiedFunctionName("std::string Describe<int>(int)"), "Describe<int>");
  EXPECT_EQ(QualifiedFunctionName("malloc"), "malloc");
}

TEST(NamesTest, SiteTextFitsTheWidth) {
  Frame f{"StoreResponse(std::__cxx11::basic_string<char> const&, unsigned long)",
          "/home/user/src/service/handlers/store.cpp", 42};
  EXPECT_EQ(SiteText(f, "  ", 120, false), "StoreResponse(...)  /home/user/src/service/handlers/store.cpp:42");
  EXPECT_EQ(SiteText(f, "  ", 40, false), "StoreResponse(...)  store.cpp:42");
  EXPECT_EQ(SiteText(f, "  ", 25, false), "StoreRes...  store.cpp:42");
  EXPECT_EQ(SiteText(f, " ", 10, false).size(), 10u);
  // --full-names: nothing folded or cut.
  EXPECT_EQ(SiteText(f, " ", 20, true), f.function + " " + f.file + ":42");
}

}  // namespace
}  // namespace leakscope::tool

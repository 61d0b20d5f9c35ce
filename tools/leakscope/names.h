// Function names as a person reads them in a terminal row.
//
// Demangled C++ names carry every template argument and parameter type:
// "StoreResponse(std::__cxx11::basic_string<char, std::char_traits<char>,
// std::allocator<char>> const&, unsigned long)". The views (top, diff, watch) show them
// folded, "StoreResponse(...)": template argument lists become "<...>", non-empty
// parameter lists "(...)", a function template's return type and trailing qualifiers
// (" const") go. Operator names ("operator<<", "operator()"), "(anonymous namespace)"
// and names that are not C++ (Go's "main.(*Cache).Put", "0x4011d0", the label
// "(no stack)") stay as they are.
#pragma once

#include <string>

#include "profile.h"

namespace leakscope::tool {

std::string FoldFunctionName(const std::string &name);
// The qualified name without a function template's return type, parameters and
// qualifiers: "void std::vector<int>::_M_realloc_insert<int>(int&&)" -> "std::vector<int>::
// _M_realloc_insert<int>".
std::string QualifiedFunctionName(const std::string &name);
// "function<sep>file:line" in at most `width` columns: the folded name (the full one when
// `full_names`), then, when that is too wide, the file without its directories, then the
// name cut with "...". With `full_names` nothing is cut.
std::string SiteText(const Frame &f, const std::string &sep, size_t width, bool full_names);
// The width every table row of the views fits in, unless --full-names.
constexpr size_t kRowWidth = 120;

}  // namespace leakscope::tool

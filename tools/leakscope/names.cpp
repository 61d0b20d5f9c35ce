#include "names.h"

namespace leakscope::tool {

namespace {

bool IsIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
}

// The length of the operator name starting at s[i] ("operator" already matched at a word
// boundary): "operator<<=", "operator()", "operator new[]", "operator delete",
// "operator bool" (a conversion: up to the parameter list).
size_t OperatorLength(const std::string &s, size_t i) {
  size_t j = i + 8;
  if (j < s.size() && s[j] == ' ') {
    size_t k = j + 1;
    while (k < s.size() && s[k] != '(') k++;
    return k - i;
  }
  if (s.compare(j, 2, "()") == 0 || s.compare(j, 2, "[]") == 0) return j + 2 - i;
  while (j < s.size() && !IsIdentChar(s[j]) && s[j] != '(' && s[j] != ' ') j++;
  return j - i;
}

bool StartsOperator(const std::string &s, size_t i) {
  return s.compare(i, 8, "operator") == 0 && (i == 0 || !IsIdentChar(s[i - 1])) &&
         (i + 8 >= s.size() || !IsIdentChar(s[i + 8]));
}

// The end of the bracket group opening at s[i] ('<' or '('), or npos when unbalanced.
size_t GroupEnd(const std::string &s, size_t i) {
  int depth = 0;
  for (size_t k = i; k < s.size(); k++) {
    if (StartsOperator(s, k)) {
      k += OperatorLength(s, k) - 1;
      continue;
    }
    char c = s[k];
    if (c == '<' || c == '(') depth++;
    else if (c == '>' || c == ')') {
      if (--depth == 0) return k;
    }
  }
  return std::string::npos;
}

struct Parts {
  size_t name_begin = 0;            // after the return type
  size_t name_end = 0;              // before the parameters (or the end)
  bool cpp = false;                 // looked like a C++ name (balanced, with a parameter list)
};

// Where the qualified name is: a top-level blank before the parameter list ends a
// return type ("void ", "std::pair<A, B> "); the last top-level "(...)" that is not
// followed by "::" is the parameter list.
Parts Split(const std::string &s) {
  Parts p;
  p.name_end = s.size();
  size_t last_blank = std::string::npos;
  for (size_t i = 0; i < s.size(); i++) {
    if (StartsOperator(s, i)) {
      i += OperatorLength(s, i) - 1;
      continue;
    }
    char c = s[i];
    if (c == ' ') {
      last_blank = i;
    } else if (c == '<' || c == '(') {
      if (c == '(' && s.compare(i, 21, "(anonymous namespace)") == 0) {
        i += 20;
        continue;
      }
      size_t end = GroupEnd(s, i);
      if (end == std::string::npos) return Parts{0, s.size(), false};
      if (c == '(' && s.compare(end + 1, 2, "::") != 0) {
        // The rest must be qualifiers (" const", " &&") for this to be C++.
        for (size_t k = end + 1; k < s.size(); k++)
          if (s[k] != ' ' && s[k] != '&' && !IsIdentChar(s[k])) return Parts{0, s.size(), false};
        p.name_end = i;
        if (last_blank != std::string::npos) p.name_begin = last_blank + 1;
        // A parameter list needs a name before it: "(no stack)" is a label.
        p.cpp = p.name_end > p.name_begin;
        if (!p.cpp) p.name_begin = 0, p.name_end = s.size();
        return p;
      }
      i = end;
    }
  }
  return p;
}

}  // namespace

std::string QualifiedFunctionName(const std::string &name) {
  Parts p = Split(name);
  if (!p.cpp) return name;
  return name.substr(p.name_begin, p.name_end - p.name_begin);
}

std::string FoldFunctionName(const std::string &name) {
  Parts p = Split(name);
  if (!p.cpp) return name;
  std::string out;
  const std::string s = name.substr(p.name_begin);  // drop the return type
  size_t params = p.name_end - p.name_begin;
  for (size_t i = 0; i < s.size(); i++) {
    if (StartsOperator(s, i)) {
      size_t n = OperatorLength(s, i);
      out += s.substr(i, n);
      i += n - 1;
      continue;
    }
    char c = s[i];
    if (c == '(' && s.compare(i, 21, "(anonymous namespace)") == 0) {
      out += "(anonymous namespace)";
      i += 20;
      continue;
    }
    if (c == '<' || c == '(') {
      size_t end = GroupEnd(s, i);
      if (end == std::string::npos) return name;
      out += end == i + 1 ? s.substr(i, 2) : std::string(1, c) + "..." + s[end];
      if (i == params) break;  // the parameter list: the qualifiers after it go
      i = end;
      continue;
    }
    out += c;
  }
  return out;
}

std::string SiteText(const Frame &f, const std::string &sep, size_t width, bool full_names) {
  std::string fn = full_names ? f.function : FoldFunctionName(f.function);
  std::string loc = FrameLocation(f);
  auto join = [&]() { return loc.empty() ? fn : fn + sep + loc; };
  if (full_names || join().size() <= width) return join();
  size_t slash = f.file.rfind('/');
  if (slash != std::string::npos) {
    Frame shorter = f;
    shorter.file = f.file.substr(slash + 1);
    loc = FrameLocation(shorter);
  }
  if (join().size() <= width) return join();
  size_t room = width > loc.size() + sep.size() + 3 ? width - loc.size() - sep.size() : 3;
  if (fn.size() > room) fn = fn.substr(0, room - 3) + "...";
  std::string s = join();
  return s.size() <= width ? s : s.substr(0, width - 3) + "...";
}

}  // namespace leakscope::tool

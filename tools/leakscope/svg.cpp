#include "svg.h"

#include <stdint.h>
#include <stdio.h>

namespace leakscope::tool {

std::string XmlEscape(const std::string &s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        // Control characters are not allowed in XML 1.0.
        if ((unsigned char)c < 0x20 && c != '\n' && c != '\t') out += '?';
        else out += c;
    }
  }
  return out;
}

std::string Num(double v) {
  char buf[32];
  snprintf(buf, sizeof(buf), "%.2f", v);
  std::string s = buf;
  while (s.size() > 1 && s.find('.') != std::string::npos && (s.back() == '0' || s.back() == '.')) {
    bool dot = s.back() == '.';
    s.pop_back();
    if (dot) break;
  }
  return s;
}

std::string WarmColor(const std::string &key) {
  uint32_t h = 2166136261u;  // FNV-1a: stable across runs and platforms
  for (unsigned char c : key) h = (h ^ c) * 16777619u;
  int r = 205 + int(h % 50), g = 80 + int((h >> 8) % 150), b = 40 + int((h >> 16) % 50);
  char buf[16];
  snprintf(buf, sizeof(buf), "#%02x%02x%02x", r, g, b);
  return buf;
}

std::string SeriesColor(int i) {
  static const char *kColors[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                  "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"};
  return kColors[i % 10];
}

std::string FitText(const std::string &text, double width, double char_px) {
  long fit = long(width / char_px);
  if (fit < 3) return "";
  if (long(text.size()) <= fit) return text;
  // Cut on a UTF-8 boundary.
  size_t n = size_t(fit - 2);
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) n--;
  return text.substr(0, n) + "..";
}

}  // namespace leakscope::tool

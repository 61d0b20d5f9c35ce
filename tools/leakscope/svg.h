// Small helpers for the SVG and HTML the tool writes (flame graphs, watch reports):
// escaping, compact numbers, stable colours, text fitted to a width. Output must stay
// self-contained: nothing here references a file, a font or a script elsewhere.
#pragma once

#include <string>

namespace leakscope::tool {

std::string XmlEscape(const std::string &s);
std::string Num(double v);                      // "12.5", at most two decimals
std::string WarmColor(const std::string &key);  // a flame-graph colour fixed per key
std::string SeriesColor(int i);                 // distinct colours for chart lines
// `text` cut to fit `width` pixels at `char_px` per character ("" when not even 3 fit).
std::string FitText(const std::string &text, double width, double char_px);

}  // namespace leakscope::tool

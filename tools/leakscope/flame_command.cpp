// leakscope flame: a flame graph of one profile as a self-contained SVG or HTML file
// (no scripts or fonts fetched from anywhere; it opens offline in any browser).
//
// The graph is an icicle: the root ("all") on top, callees below, each bar as wide as
// the value allocated in it and its callees. Allocator frames are dropped from the leaf
// end, so the bottom bars are the program's allocation sites. Siblings are ordered by
// name, so two graphs of the same program line up.
#include <stdio.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>

#include "cli_args.h"
#include "commands.h"
#include "names.h"
#include "output_file.h"
#include "profile.h"
#include "svg.h"

namespace leakscope::tool {

namespace {

constexpr size_t kMaxDepth = 1000;

struct Node {
  std::string name;   // the key: the function, or "function:line" with --lines
  std::string label;  // what the bar says: the name folded (StoreResponse(...):42)
  std::string where;  // for the tooltip: "function file:line" with --lines
  int64_t value = 0;
  std::map<std::string, std::unique_ptr<Node>> children;
};

int Depth(const Node &n) {
  int d = 0;
  for (auto &c : n.children) d = std::max(d, 1 + Depth(*c.second));
  return d;
}

struct Layout {
  double width;
  double row;
  double top;
  int64_t total;
  std::string unit;
};

void Draw(const Node &n, double x, int depth, const Layout &L, std::string *out) {
  double w = L.total ? L.width * double(n.value) / double(L.total) : 0;
  if (w < 0.3) return;
  double y = L.top + depth * L.row;
  char pct[32];
  snprintf(pct, sizeof(pct), "%.2f%%", L.total ? 100.0 * double(n.value) / double(L.total) : 0.0);
  std::string tip = (n.where.empty() ? n.name : n.where) + " \xe2\x80\x94 " + FormatValue(n.value, L.unit) + " (" + pct + ")";
  std::string fill = depth == 0 ? "#c8c8c8" : WarmColor(n.name);
  *out += "<g class=\"frame\" data-name=\"" + XmlEscape(n.name) + "\" data-value=\"" + std::to_string(n.value) + "\">";
  *out += "<title>" + XmlEscape(tip) + "</title>";
  *out += "<rect x=\"" + Num(x) + "\" y=\"" + Num(y) + "\" width=\"" + Num(w) + "\" height=\"" + Num(L.row - 1) +
          "\" fill=\"" + fill + "\" rx=\"2\"/>";
  std::string label = FitText(n.label.empty() ? n.name : n.label, w - 6, 6.6);
  if (!label.empty())
    *out += "<text x=\"" + Num(x + 3) + "\" y=\"" + Num(y + L.row - 5) + "\">" + XmlEscape(label) + "</text>";
  *out += "</g>\n";
  double cx = x;
  for (auto &c : n.children) {
    Draw(*c.second, cx, depth + 1, L, out);
    cx += L.total ? L.width * double(c.second->value) / double(L.total) : 0;
  }
}

}  // namespace

static int RunFlame(const Invocation &in) {
  if (in.operands.empty()) return in.Error("which profile? (usage: leakscope flame FILE -o OUT.svg)");
  if (in.operands.size() > 1)
    return in.Error("one profile at a time (got '" + in.operands[0] + "' and '" + in.operands[1] + "')");
  const std::string &file = in.operands[0];
  std::string out_path = in.Text("-o"), sample = in.Text("--sample"), title = in.Text("--title");
  bool lines = in.Has("--lines");
  if (out_path.empty()) return in.Error("needs -o OUT.svg or -o OUT.html");
  auto ends = [&](const char *ext) {
    std::string e = ext;
    return out_path.size() > e.size() && out_path.compare(out_path.size() - e.size(), e.size(), e) == 0;
  };
  bool html = ends(".html") || ends(".htm");
  if (!html && !ends(".svg")) return in.Error("-o '" + out_path + "' must end in .svg or .html");

  if (sample.empty()) sample = "inuse_space";
  Profile p;
  std::string error;
  if (!ReadProfile(file, &p, &error)) return fprintf(stderr, "%s\n", error.c_str()), 1;
  int idx = ResolveSample(p, file, sample, &error);
  if (idx < 0) return fprintf(stderr, "%s\n", error.c_str()), 1;
  const ValueType &vt = p.sample_types[idx];

  Node root;
  root.name = "all";
  for (const Sample &s : p.samples) {
    int64_t v = s.values[idx];
    if (v <= 0) continue;
    std::vector<Frame> stack = ProgramStack(p.Stack(s));
    // Drawing recurses once per level: a (corrupt or adversarial) stack thousands of
    // frames deep keeps only its outermost kMaxDepth frames instead of overflowing.
    if (stack.size() > kMaxDepth) stack.erase(stack.begin(), stack.end() - kMaxDepth);
    root.value += v;
    Node *n = &root;
    for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
      std::string key = it->function;
      if (lines && it->line > 0) key += ":" + std::to_string(it->line);
      std::unique_ptr<Node> &c = n->children[key];
      if (!c) {
        c.reset(new Node);
        c->name = key;
        c->label = FoldFunctionName(it->function);
        if (lines && it->line > 0) c->label += ":" + std::to_string(it->line), c->where = FrameKey(*it);
      }
      c->value += v;
      n = c.get();
    }
  }

  if (title.empty()) title = "LeakScope " + vt.type + ": " + file;
  Layout L{1200, 18, 52, root.value, vt.unit};
  int depth = Depth(root);
  double height = L.top + (depth + 1) * L.row + 24;
  std::string svg;
  // As wide as the window (or the page), whatever its size: the drawing scales with its
  // viewBox, 1220 units wide, so at 1200 pixels a label's 11 units are 11 pixels.
  svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"flamegraph\" width=\"100%\" viewBox=\"-10 0 " +
         Num(L.width + 20) + " " + Num(height) + "\" preserveAspectRatio=\"xMinYMin meet\" font-family=\"DejaVu Sans Mono, monospace\" font-size=\"11\">\n";
  svg += "<style>.frame text{pointer-events:none;fill:#000}.frame:hover rect{stroke:#000;stroke-width:1}</style>\n";
  svg += "<rect x=\"-10\" y=\"0\" width=\"" + Num(L.width + 20) + "\" height=\"" + Num(height) + "\" fill=\"#fdfaf3\"/>\n";
  svg += "<text x=\"0\" y=\"22\" font-size=\"15\" font-weight=\"bold\">" + XmlEscape(title) + "</text>\n";
  svg += "<text x=\"0\" y=\"40\">total " + XmlEscape(FormatValue(root.value, vt.unit)) + " in " +
         std::to_string(p.samples.size()) + " samples; bar width = " + XmlEscape(vt.type) + "</text>\n";
  if (root.value == 0)
    svg += "<text class=\"empty\" x=\"0\" y=\"" + Num(L.top + 14) + "\">no " + XmlEscape(vt.type) + " in this profile</text>\n";
  else
    Draw(root, 0, 0, L, &svg);
  svg += "</svg>\n";

  std::string doc;
  if (html) {
    doc = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + XmlEscape(title) +
          "</title>\n<!-- " + kGeneratorMark + " flame -->\n<style>body{font-family:sans-serif;margin:8px;background:#fff}"
          "p{color:#444;max-width:1200px}</style></head><body>\n" + svg +
          "<p>Each bar is a " + (lines ? "source line" : "function") + "; its width is the " + XmlEscape(vt.type) +
          " allocated in it and in what it called. Callers are above callees; allocator frames "
          "(malloc, operator new) are left out. Hover a bar for its value.</p>\n</body></html>\n";
  } else {
    doc = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- " + std::string(kGeneratorMark) + " flame -->\n" + svg;
  }
  if (!WriteOutputFile(out_path, doc, OutputKind::kPage, in.Has("--force"), &error))
    return fprintf(stderr, "%s\n", error.c_str()), 1;
  printf("wrote %s (%d levels, total %s)\n", out_path.c_str(), depth, FormatValue(root.value, vt.unit).c_str());
  return 0;
}

const Command kFlameCommand = {
    "flame",
    "FILE -o OUT.svg|OUT.html",
    "flame graph of a snapshot",
    "FILE -o OUT.svg|OUT.html [--sample TYPE] [--title TEXT] [--lines] [--force]",
    "Draws a flame graph (icicle: callers above callees) of a heap profile, by default of\n"
    "inuse_space. Bar width is the memory allocated in a function and what it called;\n"
    "hover a bar for its value. The output is one self-contained file: .svg, or .html for a\n"
    "page with the graph and a legend. The graph is as wide as the window and scales\n"
    "with it; bars show folded names (StoreResponse(...)), tooltips the whole name.",
    {
        {{"-o", "--output"}, ValueKind::kText, "OUT", "an output file (.svg or .html)",
         "output file; its extension (.svg or .html) picks the format"},
        {{"--sample", "-sample"}, ValueKind::kText, "TYPE", "a sample type",
         "inuse_space (default), inuse_objects, alloc_space, alloc_objects, ..."},
        {{"--title"}, ValueKind::kText, "TEXT", "a text", "heading (default: the profile's file name and sample type)"},
        {{"--lines"}, ValueKind::kFlag, "", "",
         "a bar per source line (function:line), so two allocating lines of one\n"
         "function are two bars; by default a bar per function"},
        {{"--force"}, ValueKind::kFlag, "", "",
         "replace OUT even when it is not a page LeakScope wrote"},
    },
    "leakscope flame leakscope.4242.1.pb.gz -o heap.svg\n"
    "leakscope flame leakscope.4242.1.pb.gz --sample alloc_space -o allocs.html\n"
    "leakscope flame leakscope.4242.1.pb.gz --lines -o lines.html",
    false,
    RunFlame,
};

}  // namespace leakscope::tool

// The retention reports' HTML sections (retention_html.h).
#include "report/retention_html.h"

#include <string.h>

#include "options.h"
#include "report/html_report.h"
#include "report/html_writer.h"
#include "stacks/stack_depot.h"

namespace leakscope {

// "kept alive by": <ol class="path"> with one item per step, as FormatRetentionPath
// words them, an arrow before each hop.
void HtmlRetentionPath(HtmlWriter &w, const HeapGraph &g, const GraphReach &reach, u32 node) {
  PathStep steps[kMaxPathSteps];
  u32 elided;
  u32 n = RetentionPath(g, reach, node, steps, kMaxPathSteps, &elided);
  if (!n) return;
  w.Raw("<li>kept alive by: <ol class=\"path\">");
  for (u32 i = 0; i < n; i++) {
    if (elided && i == n - 1)
      w.Markup("<li><span class=\"arrow\"> &#x2192; </span>... (%u more)</li>", elided);
    LineBuffer b;
    if (steps[i].root) FormatRoot(g, steps[i], &b);
    else FormatHop(g, steps[i], &b);
    // The arrow is text, not decoration: it is copied with the path.
    w.Raw(steps[i].root ? "<li class=\"root\"><code>"
                        : "<li><span class=\"arrow\"> &#x2192; </span><code>");
    w.Text(b.data());
    w.Raw("</code></li>");
  }
  w.Raw("</ol></li>\n");
}

static void RecordHtml(HtmlWriter &w, const char *kind, const HeapGraph &g,
                       const GraphReach &reach, const RetentionTree *tree,
                       const RetentionRecord &rec, uptr index) {
  char anchor[48];
  HtmlAnchor(anchor, sizeof(anchor), kind[0] == 'p' ? "p" : "r", 1, 'r', (u32)index);
  w.Markup("<article class=\"record %s\" id=\"%s\">\n<h3><span class=\"badge %s\">%s</span> ",
           kind, anchor, kind, kind);
  if (!strcmp(kind, "pinned"))
    w.Markup("Pinned memory: %llu byte(s) in %llu object(s) kept alive only by pointers into "
             "%llu byte(s)</h3>\n",
             (unsigned long long)rec.bytes, (unsigned long long)rec.objects,
             (unsigned long long)rec.span);
  else
    w.Markup("Reachable memory: %llu byte(s) in %llu object(s)</h3>\n",
             (unsigned long long)rec.bytes, (unsigned long long)rec.objects);
  StackEntry *e = DepotGet(rec.stack_id);
  w.Raw("<ul class=\"facts\">\n");
  HtmlTypeFact(w, e);
  HtmlRetentionPath(w, g, reach, rec.sample);
  LineBuffer root;
  u64 bytes, objects;
  if (RootRetains(g, reach, tree, rec.sample, &root, &bytes, &objects)) {
    w.Raw("<li><code>");
    w.Text(root.data());
    w.Markup("</code> retains %llu byte(s) in %llu object(s)</li>\n", (unsigned long long)bytes,
             (unsigned long long)objects);
  }
  w.Raw("</ul>\n");
  HtmlAllocationSite(w, e);
  if (e) HtmlStack(w, e, "Allocation stack");
  w.Raw("</article>\n");
}

static void Section(HtmlWriter &w, const char *kind, const HeapGraph &g, const GraphReach &reach,
                    const RetentionTree *tree, const RetentionRecord *recs, uptr n) {
  bool pinned = !strcmp(kind, "pinned");
  u64 total = 0;
  for (uptr i = 0; i < n; i++) total += recs[i].bytes;
  w.Markup("<section class=\"check\" id=\"%s\">\n<h2>%s <span class=\"mode\">(at exit, before "
           "static destructors)</span></h2>\n",
           kind, pinned ? "Pinned memory" : "Reachable memory");
  if (pinned) {
    w.Raw("<p>Big blocks kept alive only by pointers into a small part of them.</p>\n");
  } else {
    w.Raw("<p>Reachable blocks allocated where <code>retention_path_site=");
    w.Text(g_options.retention_path_site);
    w.Raw("</code> matches.</p>\n");
  }
  if (!n)
    w.Raw(pinned ? "<p class=\"summary\">No pinned memory.</p>\n"
                 : "<p class=\"summary\">No reachable block matches.</p>\n");
  else
    w.Markup("<p class=\"summary\">%llu byte(s) in %zu record(s).</p>\n",
             (unsigned long long)total, (size_t)n);
  if (n) {
    InternalVector<HtmlOverviewRow> rows;
    rows.resize(n);
    for (uptr i = 0; i < n; i++) {
      rows[i] = {pinned ? "pinned" : "reachable", {}, recs[i].bytes, recs[i].objects,
                 DepotGet(recs[i].stack_id), nullptr};
      HtmlAnchor(rows[i].anchor, sizeof(rows[i].anchor), pinned ? "p" : "r", 1, 'r', (u32)i);
    }
    HtmlOverview(w, rows.begin(), n, total);
  }
  for (uptr i = 0; i < n; i++) RecordHtml(w, kind, g, reach, tree, recs[i], i);
  w.Raw("</section>\n");
}

void WriteRetentionHtml(const char *kind, const HeapGraph &g, const GraphReach &reach,
                        const RetentionTree *tree, const RetentionRecord *recs, uptr n) {
  if (!*g_options.html_path) return;
  AppendHtmlSection([&](HtmlWriter &w) { Section(w, kind, g, reach, tree, recs, n); });
}

}  // namespace leakscope

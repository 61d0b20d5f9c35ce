// The HTML report (html_path=PATH): one self-contained page per process, for reading
// in a browser. It goes to PATH.PID.html (report files: base/report_file.h; the
// extension last, so that a browser opens a local file as HTML), or, for
// "stdout"/"stderr", one whole page per section to that stream.
//
// The page holds one <section> per report, in the order they ran: each leak check
// (direct and indirect records with their ownership, then thread leaks), each stale
// memory report, the exit-time pinned and reachable-site reports (retention_html.h). A
// section opens with its totals (the text report's SUMMARY line) and an overview
// table, one row per record with a bar for its share of the section's bytes, linked
// to the record. A record has the text report's first line as its heading, its facts
// in the text report's words (type, holds, held by, lost cycles, kept alive by, last
// accessed ...), where it was allocated (for a thread: where it waits) with a few
// lines of that source file shown in place when the file is readable here, and its
// stacks in collapsed <details>. Like json_path and sarif_path it has every record
// (max_leaks limits only the text) and a section even for a check that found nothing.
//
// Self-contained: inline CSS, no script, nothing fetched. Every text from the program
// is escaped (html_writer.h). Like the SARIF log, the file is a complete page after
// every section: it always ends with a fixed trailer, which the next section
// overwrites (seek back, write SECTION + trailer).
//
// Sections are written under one lock (kHtmlReport): the leak check, a stale report
// asked for through the API and the exit-time reports may run on different threads,
// and each must find the file ending with the trailer.
#pragma once

#include "check/leak_set.h"
#include "report/machine_report.h"
#include "stacks/stack_depot.h"

namespace leakscope {

struct StaleSet;
struct StalePaths;
class HtmlWriter;

void WriteHtmlReport(LeakSet *leaks, const CheckInfo &check);
// `verb` is "accessed" or "written", as in the text; `paths` the records' "kept alive
// by" (stale_report.h).
void WriteHtmlStaleReport(StaleSet *stale, const CheckInfo &check, const char *verb,
                          const StalePaths &paths);

// ---- Pieces shared with retention_html.cpp ----
// Appends one section: `fn(w, arg)` writes its markup (<section>...</section>) with
// the report's lock held. Nothing happens without html_path or when the file cannot be
// opened (a warning said so).
using HtmlSectionFn = void (*)(HtmlWriter &w, void *arg);
void AppendHtmlSection(HtmlSectionFn fn, void *arg);
template <typename Fn>
void AppendHtmlSection(Fn fn) {
  AppendHtmlSection([](HtmlWriter &w, void *arg) { (*(Fn *)arg)(w); }, &fn);
}

// One row of a section's overview table.
struct HtmlOverviewRow {
  const char *kind;  // CSS class and label: "direct", "indirect", "thread", "stale", ...
  char anchor[48];   // HtmlAnchor's id of the record the row links to
  u64 bytes, objects;
  StackEntry *site_stack;  // its allocation site is shown; nullptr: `site`
  const SymbolizedFrame *site;
};
// <table class="overview"> of `n` rows; `total` is the bytes the bars are relative to.
void HtmlOverview(HtmlWriter &w, const HtmlOverviewRow *rows, uptr n, u64 total);
// "allocated in FUNC at FILE:LINE:COL" (`what`: "allocated", "waits") and the source
// lines around it, from the allocation site (machine_report.h) of `e`.
void HtmlAllocationSite(HtmlWriter &w, StackEntry *e);
void HtmlSite(HtmlWriter &w, const char *what, const SymbolizedFrame &site);
// A collapsed stack: <details><summary>TITLE (N frames)</summary><ol>...</ol></details>.
void HtmlStack(HtmlWriter &w, StackEntry *e, const char *title);
// <li>type: T</li> when the pass recorded the allocated type.
void HtmlTypeFact(HtmlWriter &w, StackEntry *e);
// Record anchors: "c<check>-<letter><stack id>", unique in the page.
void HtmlAnchor(char *buf, uptr size, const char *prefix, u32 check, char letter, u32 id);

}  // namespace leakscope

// The exit-time retention reports in the HTML report (html_path; html_report.h): one
// section per report, written after the text records, even when it found nothing:
//   report_pinned=1             "Pinned memory", one record per allocation stack
//   retention_path_site=PATTERN "Reachable memory", likewise
// A record shows, as the text does, its type, "kept alive by" (the path from a root,
// one step after the other, ROOT -> HOP -> ...), what the path's root retains, where
// it was allocated (with the source lines) and its allocation stack.
#pragma once

#include "report/retention_report.h"

namespace leakscope {

class HtmlWriter;
// <li>kept alive by: ...</li>, the path to `node` as a list of steps (nothing when it
// is unreachable). Shared with the stale records (html_report.cpp).
void HtmlRetentionPath(HtmlWriter &w, const HeapGraph &g, const GraphReach &reach, u32 node);

// `kind` is "pinned" or "reachable"; `tree` may be nullptr (no retained sizes).
void WriteRetentionHtml(const char *kind, const HeapGraph &g, const GraphReach &reach,
                        const RetentionTree *tree, const RetentionRecord *recs, uptr n);

}  // namespace leakscope

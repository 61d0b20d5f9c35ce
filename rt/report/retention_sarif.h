// Pinned records in SARIF: the exit-time pinned report (retention_report.h) runs before
// the leak check, whose SARIF run (sarif_path) is the process's exit run; the pinned
// records wait here and join that run as results of a third rule, "pinned-memory"
// (level "warning": pinned memory never fails a check), added to the run's rules only
// when there are some:
//   {"ruleId":"pinned-memory","ruleIndex":2,"level":"warning",
//    "message":{"text":"Pinned memory: B byte(s) in N object(s) kept alive only by
//               pointers into S byte(s), allocated in FUNC"},
//    "locations":[allocation site],"stacks":[...],
//    "properties":{"kind":"pinned","bytes":B,"objects":N,"pinnedSpanBytes":S,
//                  "keptAliveBy":["global g_cache (app)", "Entry+8", ...],
//                  "rootRetains":{"bytes":B,"objects":N}}}
// Records are kept in internal memory; the first run written after them takes them.
#pragma once

#include "base/common.h"

namespace leakscope {

class JsonWriter;

// `steps` is the path's text, steps separated by " -> " (as the text report prints it).
void AddPendingPinnedResult(u32 stack_id, u64 bytes, u64 objects, u64 span, const char *steps,
                            const u64 *root_retains);
bool HavePendingPinnedResults();
void WritePinnedRule(JsonWriter &w);  // ",{rule}" after the leak rules
// Writes the results (each preceded by ',' when *any) and forgets them.
void WritePendingPinnedResults(JsonWriter &w, bool *any, u32 rule_index);

}  // namespace leakscope

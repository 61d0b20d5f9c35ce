// JSON Lines of the retention records (json_path), beside the leak records:
//
//   {"event":"pinned","kind":"pinned","pid":P,"bytes":B,"objects":N,"pinned_span_bytes":S,
//    "type":"T","frames":[...as leak records...],
//    "kept_alive_by":[{"root":"global","tid":0,"offset":0,"text":"global g_cache (app)"},
//                     {"hop":"Entry","offset":8,"text":"Entry+8"}, ...],
//    "root_retains":{"bytes":B,"objects":N}}      what the path's root retains, when known
//
// "event"/"kind" "reachable" for retention_path_site records (no pinned_span_bytes).
// Root steps have "root" (global, stack, tls, registers, root_region, thread_arg,
// ignored, mapping), "tid" (thread roots) and "offset" (of the pointer in the root's range);
// hop steps "hop" (the block's type, or null) and "offset" (of the pointer in it);
// "text" is the step as the text report prints it. "type" only when known.
#pragma once

#include "check/retention_paths.h"

namespace leakscope {

// root_retains: {bytes, objects} the path's root retains, or nullptr.
void WriteRetentionJson(const char *kind, const HeapGraph &g, const GraphReach &r, u32 stack_id,
                        u64 bytes, u64 objects, u64 span, u32 sample, const u64 *root_retains);

// The "kept_alive_by" array for `node`.
class JsonWriter;
void WriteJsonPath(JsonWriter &w, const HeapGraph &g, const GraphReach &r, u32 node);

}  // namespace leakscope

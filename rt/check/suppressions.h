// Leak suppressions in LeakSanitizer's syntax: one `leak:TEMPLATE` per line, `#`
// comments, blank lines ignored. A template matches a frame when it matches the frame's
// module path, function or source file: unanchored substring search, `*` matches any
// run of characters, a leading `^` and trailing `$` anchor. A record is suppressed
// when a template matches any of its frames.
//
// Sources: the file named by suppressions=, and the program's weak
// __leakscope_default_suppressions() / __lsan_default_suppressions(). A malformed line
// is a fatal one-line error that names the file, the line number and the text.
#pragma once

#include "stacks/stack_depot.h"

namespace leakscope {

void InitSuppressions();
// Whether any suppression is loaded (the check then records what leaked chunks hold:
// suppressed_holdings.h).
bool HasSuppressions();
// True when a suppression matches a frame of the stack; counts the match.
bool IsSuppressed(StackEntry *stack, u64 bytes, u64 objects);
// Prints the "Suppressions used:" table (print_suppressions=1) when any matched.
void PrintMatchedSuppressions();
// Calls cb(template, objects, bytes, arg) for each suppression that matched so far.
void ForEachMatchedSuppression(void (*cb)(const char *templ, u64 objects, u64 bytes, void *arg),
                               void *arg);

// Exposed for tests.
bool TemplateMatch(const char *templ, const char *str);
// Parses suppression text; on error writes a one-line message and returns false.
bool ParseSuppressions(const char *text, const char *source, char *error, uptr error_size);
// Forgets every parsed suppression (tests parse many texts in one process).
void ClearSuppressions();

}  // namespace leakscope

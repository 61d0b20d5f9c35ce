// Suppressing a leak suppresses what it holds.
//
// A suppressed record is a known leak; the blocks it points to are leaked only because
// it is. LeakSanitizer does not report them (memory reachable only from a suppressed
// leak is suppressed with it); LeakScope reported them as indirect leaks without their
// direct one, which no suppression could fix short of naming every allocation site
// the suppressed code's data reaches.
//
// So, after suppression matching: every unreachable chunk reachable from a chunk of a
// suppressed record, along the pointers between unreachable chunks the marker recorded
// with the world stopped (Marker::RecordLinks, only when suppressions exist), is taken
// out of its record and counted as suppressed. A record that loses chunks keeps the
// rest; one that loses all of them is no longer reported. Chunks also reachable from
// an unsuppressed leak are suppressed too, as in LeakSanitizer: they are reachable
// from the suppressed one.
//
// Runs after the world resumed, on the records and links alone: no heap memory is read.
#pragma once

#include "check/leak_set.h"

namespace leakscope {

// Call after every record's `suppressed` is set, before SortLeaks.
void SuppressHeldChunks(LeakSet *leaks);

}  // namespace leakscope

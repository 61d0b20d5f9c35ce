// File names with spaces, quotes and '&' reach the JSON and SARIF reports intact:
// escaped in JSON strings, percent-encoded in SARIF URIs, and both files still parse.
// RUN: rm -rf %t.d && mkdir -p "%t.d/a b"
// RUN: cp %s '%t.d/a b/q"uote & co.cpp'
// RUN: %clangxx -g -O0 '%t.d/a b/q"uote & co.cpp' -o %t
// RUN: env LEAKSCOPE_OPTIONS=json_path=%t.d/out:sarif_path=%t.d/out.sarif %expect_exit 23 %t
// RUN: python3 -m json.tool --json-lines %t.d/out.[0-9]* > /dev/null
// RUN: python3 -m json.tool %t.d/out.sarif.* > /dev/null
// RUN: %check_report json %t.d/out.[0-9]* | FileCheck %s --check-prefix=JSON
// RUN: %check_report sarif %t.d/out.sarif.* | FileCheck %s --check-prefix=SARIF
// RUN: FileCheck %s --check-prefix=RAWJSON < %t.d/out.[0-9]*
// RUN: FileCheck %s --check-prefix=RAWSARIF < %t.d/out.sarif.[0-9]*
#include <stdlib.h>

void *volatile sink;

int main() {
  sink = malloc(19);
  sink = nullptr;
  return 0;
}
// JSON: leak check=1 direct bytes=19 objects=1 site=q"uote & co.cpp:18
// SARIF: result direct-leak error at q%22uote%20%26%20co.cpp:18
// RAWJSON: "file":"{{.*}}/a b/q\"uote & co.cpp"
// RAWSARIF: "uri":"file://{{.*}}/a%20b/q%22uote%20%26%20co.cpp"

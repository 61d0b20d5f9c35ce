// JSON Lines and SARIF carry the stale records ("kind": "stale"), with the same bytes,
// objects and sites as the text; the leak check's records follow in their own lines
// and run. A track_loads=0 build says "written".
// RUN: %clangxx -g -O1 %s -o %t
// RUN: rm -f %t.json.* %t.sarif.*
// RUN: env LEAKSCOPE_OPTIONS=report_stale=1:stale_after_s=1:epoch_period_ms=100:json_path=%t.json:sarif_path=%t.sarif %expect_exit 23 %t 2>&1 | FileCheck %s --check-prefix=TEXT
// RUN: %check_report json %t.json.* | FileCheck %s --check-prefix=JSON
// RUN: %check_report sarif %t.sarif.* | FileCheck %s --check-prefix=SARIF
// RUN: FileCheck %s --check-prefix=RAW < %t.json.*
// RUN: env LEAKSCOPE_PASS_OPTIONS=track_loads=0 %clangxx -g -O1 %s -o %tw
// RUN: rm -f %t.json.*
// RUN: env LEAKSCOPE_OPTIONS=report_stale=1:stale_after_s=1:epoch_period_ms=100:json_path=%t.json %expect_exit 23 %tw
// RUN: %check_report json %t.json.* | FileCheck %s --check-prefix=WJSON
// RUN: rm -f %t.json.* %t.sarif.*
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct Entry {
  char data[480];
};

Entry *volatile cold[3];
char *volatile hot;
void *volatile sink;

int main() {
  for (int i = 0; i < 3; i++) cold[i] = new Entry();
  hot = (char *)malloc(777);
  sink = malloc(99);
  sink = nullptr;
  for (int i = 0; i < 15; i++) {
    hot[i] = 1;
    struct timespec ts = {0, 100 * 1000 * 1000};
    nanosleep(&ts, nullptr);
  }
  return 0;
}
// TEXT: Stale memory: 1440 byte(s) in 3 object(s) not accessed for at least 1 s, allocated from:
// TEXT-NEXT: type: Entry
// TEXT-NEXT: last accessed {{[0-9]+}} s ago
// TEXT-NEXT: kept alive by: global cold{{(\+(8|16))?}} (machine_reports.cpp.tmp){{$}}
// TEXT: SUMMARY: LeakScope: 1440 byte(s) stale in 3 allocation(s).

// JSON: stale check=1 bytes=1440 objects=3 access=accessed type=Entry site=machine_reports.cpp:28 frames=2
// JSON-NEXT: stale_summary check=1 mode=exit stale_after_s=1 access=accessed bytes=1440 objects=3 records=1
// JSON-NEXT: leak check=1 direct bytes=99 objects=1 site=machine_reports.cpp:30 frames=2
// JSON-NEXT: summary check=1 mode=exit bytes=99 objects=1 records=1

// SARIF: run 0 driver=LeakScope rules=stale-memory results=1
// SARIF-NEXT: result stale-memory warning at machine_reports.cpp:28 frames=2: Stale memory: 1440 byte(s) in 3 object(s) not accessed for at least 1 s, allocated in main (type Entry)
// SARIF-NEXT: run 1 driver=LeakScope rules=direct-leak,indirect-leak results=1
// SARIF-NEXT: result direct-leak error at machine_reports.cpp:30

// RAW: {"event":"stale","check":1,"kind":"stale","bytes":1440,"objects":3,"access":"accessed","min_age_s":{{[0-9]+}},"max_age_s":{{[0-9]+}},"type":"Entry","frames":[
// RAW-SAME: ],"kept_alive_by":[{"root":"global","tid":0,"offset":{{[0-9]+}},"text":"global cold{{(\+(8|16))?}} (machine_reports.cpp.tmp)"}]}

// WJSON: stale check=1 bytes=1440 objects=3 access=written
// WJSON-NEXT: stale_summary check=1 mode=exit stale_after_s=1 access=written

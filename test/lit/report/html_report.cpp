// html_path=PATH writes a self-contained HTML page to PATH.PID.html (mode 0600, the
// extension last so a browser opens it as HTML) beside the text report: a section per
// check with the SUMMARY line, an overview row per record, and each record with the
// text report's heading and facts (type, holds, held by), where it was allocated with
// the source lines around it shown in place, and its stack. Names from the program
// are escaped: the template type Box<int> and the source line's quotes and '&' appear
// as entities, never as markup (check_html.py parses the page, rejects anything that
// runs or fetches, and prints its text unescaped).
// RUN: %clangxx -g -O0 -I%S/../../../include %s -o %t
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: env LEAKSCOPE_OPTIONS=html_path=%t.d/leaks %expect_exit 23 %t 2>&1 | FileCheck %s --check-prefix=TEXT
// RUN: ls %t.d | FileCheck %s --check-prefix=NAME
// RUN: stat -c %%a %t.d/leaks.*.html | FileCheck %s --check-prefix=MODE
// RUN: %check_html %t.d/leaks.*.html | FileCheck %s
// RUN: FileCheck %s --check-prefix=RAW < %t.d/leaks.[0-9]*.html
// Escaped everywhere: the page never has the raw name (the text report does, above).
// RUN: not grep -n 'Box<int>\|<script>' %t.d/leaks.[0-9]*.html
// Two checks (a recoverable one, then the exit check) append to one page, which stays
// a whole page after each: one </html>, at the end.
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: env LEAKSCOPE_OPTIONS=html_path=%t.d/leaks %expect_exit 23 %t twice 2>/dev/null
// RUN: %check_html %t.d/leaks.*.html | FileCheck %s --check-prefix=TWICE
// RUN: grep -c '</html>' %t.d/leaks.[0-9]*.html | FileCheck %s --check-prefix=ONE
// RUN: tail -c 16 %t.d/leaks.[0-9]*.html | FileCheck %s --check-prefix=END
// report_objects=1 lists each record's objects; matched suppressions are listed and
// their records left out, as in the text.
// RUN: rm -rf %t.d && mkdir %t.d && echo 'leak:leak_plain' > %t.d/supp
// RUN: env LEAKSCOPE_OPTIONS=html_path=%t.d/s:report_objects=1:suppressions=%t.d/supp %expect_exit 23 %t 2>/dev/null
// RUN: %check_html %t.d/s.*.html | FileCheck %s --check-prefix=SUPP
// RUN: FileCheck %s --check-prefix=OBJECTS < %t.d/s.[0-9]*.html
// A delta check leaves out a holder that did not grow: its indirect record, which
// grew, names it without a link to a record the page does not have.
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: env LEAKSCOPE_OPTIONS=html_path=%t.d/d %expect_exit 23 %t delta 2>/dev/null
// RUN: %check_html %t.d/d.*.html | FileCheck %s --check-prefix=DELTA
// RUN: FileCheck %s --check-prefix=DELTARAW < %t.d/d.[0-9]*.html
// A forked child writes its own page (PATH.CHILDPID.html); the parent's, open since
// its first check, gets nothing from the child.
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: env LEAKSCOPE_OPTIONS=html_path=%t.d/f %expect_exit 23 %t fork 2>/dev/null
// RUN: ls %t.d | count 2
// RUN: grep -l 'Direct leak of 55' %t.d/f.*.html | count 1
// RUN: %check_html `grep -l 'Direct leak of 55' %t.d/f.*.html` | FileCheck %s --check-prefix=CHILD
// RUN: %check_html `grep -L 'Direct leak of 55' %t.d/f.*.html` | FileCheck %s --check-prefix=PARENT
// html_path=stdout puts the page on stdout; a clean run still writes its section.
// RUN: env LEAKSCOPE_OPTIONS=html_path=stdout %expect_exit 0 %t clean > %t.d/clean.html
// RUN: %check_html %t.d/clean.html | FileCheck %s --check-prefix=CLEAN
// The checker's positive control: a page with a script, a fetch or broken nesting fails.
// RUN: printf '<!DOCTYPE html><html><body><script>x()</script></body></html>' > %t.d/bad1.html
// RUN: not %check_html %t.d/bad1.html 2>&1 | FileCheck %s --check-prefix=BAD1
// RUN: printf '<!DOCTYPE html><html><body><p><b>x</p></body></html>' > %t.d/bad2.html
// RUN: not %check_html %t.d/bad2.html 2>&1 | FileCheck %s --check-prefix=BAD2
// RUN: printf '<!DOCTYPE html><html><head><style>a{background:url(http://x/)}</style></head></html>' > %t.d/bad3.html
// RUN: not %check_html %t.d/bad3.html 2>&1 | FileCheck %s --check-prefix=BAD3
#include <leakscope/leakscope.h>
#include <sanitizer/lsan_interface.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>

template <class T>
struct Box {
  Box *next;
  T value;
};

void *volatile sink;
volatile uintptr_t hidden;  // a pointer the marker does not see

struct Node {
  Node *next;
  long v;
};

__attribute__((noinline)) Node *node() { return new Node{nullptr, 0}; }

// One call site each: the head is one direct record, the nodes one indirect record that
// grows in the second round while the head stays as it was. Its frame is dead when the
// check runs.
__attribute__((noinline)) void grow(int round) {
  Node *head = round == 0 ? new Node{nullptr, 0} : (Node *)~hidden;
  Node *n = node();
  n->next = head->next;
  head->next = n;
  hidden = ~(uintptr_t)head;
}

template <class T>
__attribute__((noinline)) Box<T> *make_box() {
  return new Box<T>{new Box<T>{nullptr, T()}, T()};  // "boxes" & <more>
}

__attribute__((noinline)) void leak_plain() {
  sink = malloc(10);
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "clean")) return 0;
  if (argc > 1 && !strcmp(argv[1], "delta")) {
    for (int round = 0; round < 2; round++) {
      grow(round);
      __leakscope_do_delta_leak_check();
    }
    return 0;
  }
  leak_plain();
  sink = make_box<int>();
  sink = nullptr;
  if (argc > 1 && !strcmp(argv[1], "fork")) {
    __lsan_do_recoverable_leak_check();
    pid_t child = fork();
    if (child == 0) {
      sink = malloc(55);
      sink = nullptr;
      exit(0);
    }
    int status;
    waitpid(child, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 23 ? 0 : 1;
  }
  if (argc > 1 && !strcmp(argv[1], "twice")) {
    __lsan_do_recoverable_leak_check();
    sink = malloc(33);
    sink = nullptr;
  }
  return 0;
}
// TEXT: type: Box<int>
// TEXT: SUMMARY: LeakScope: 42 byte(s) leaked in 3 allocation(s).
// NAME: {{^leaks\.[0-9]+\.html$}}
// MODE: 600

// CHECK: h1: LeakScope report
// CHECK-NEXT: h2: Leak check 1 (exit)
// CHECK-NEXT: summary: SUMMARY: LeakScope: 42 byte(s) leaked in 3 allocation(s).
// CHECK-NEXT: row: direct 16 1 Box<int>* make_box<int>() html_report.cpp:[[LINE:[0-9]+]]
// CHECK-NEXT: row: direct 10 1 leak_plain() html_report.cpp:[[PLAIN:[0-9]+]]
// CHECK-NEXT: row: indirect 16 1 Box<int>* make_box<int>() html_report.cpp:[[LINE]]
// CHECK-NEXT: h3: direct Direct leak of 16 byte(s) in 1 object(s)
// CHECK-NEXT:   fact: type: Box<int>
// CHECK-NEXT:   fact: holds 16 byte(s) in 1 indirectly leaked object(s)
// CHECK-NEXT:   site: allocated in Box<int>* make_box<int>() at {{.*}}html_report.cpp:[[LINE]]:{{[0-9]+}}
// CHECK-NEXT:   hit: [[LINE]]:   return new Box<T>{new Box<T>{nullptr, T()}, T()};  // "boxes" & <more>
// CHECK-NEXT:   stack: Allocation stack (3 frames)
// CHECK-NEXT: h3: direct Direct leak of 10 byte(s) in 1 object(s)
// CHECK-NEXT:   site: allocated in leak_plain() at {{.*}}html_report.cpp:[[PLAIN]]:{{[0-9]+}}
// CHECK-NEXT:   hit: [[PLAIN]]:   sink = malloc(10);
// CHECK-NEXT:   stack: Allocation stack (3 frames)
// CHECK-NEXT: h3: indirect Indirect leak of 16 byte(s) in 1 object(s)
// CHECK-NEXT:   fact: type: Box<int>
// CHECK-NEXT:   fact: held by: direct leak at Box<int>* make_box<int>() {{.*}}html_report.cpp:[[LINE]]
// CHECK-NEXT:   site: allocated in Box<int>* make_box<int>()
// CHECK-NEXT:   hit: [[LINE]]:
// CHECK-NEXT:   stack: Allocation stack (3 frames)
// CHECK-NOT: {{.}}

// RAW: <title>LeakScope report: html_report.cpp.tmp (pid {{[0-9]+}})</title>
// RAW: <style>
// RAW: <li>type: <code>Box&lt;int&gt;</code></li>
// RAW: <li>held by: <a href="#c1-d{{[0-9]+}}">direct leak</a> at <code>Box&lt;int&gt;* make_box&lt;int&gt;()</code>
// RAW: <tr class="hit"><td class="ln">{{[0-9]+}}</td><td>  return new Box&lt;T&gt;{new Box&lt;T&gt;{nullptr, T()}, T()};  // &quot;boxes&quot; &amp; &lt;more&gt;</td></tr>
// RAW: <li><span class="pc">0x{{[0-9a-f]+}}</span> in <b>Box&lt;int&gt;* make_box&lt;int&gt;()</b> {{.*}}html_report.cpp:{{[0-9]+}}:{{[0-9]+}}</li>
// RAW: </section>
// RAW-NEXT: </body>
// RAW-NEXT: </html>

// TWICE: h2: Leak check 1 (recoverable)
// TWICE-NEXT: summary: SUMMARY: LeakScope: 42 byte(s) leaked in 3 allocation(s).
// TWICE: h2: Leak check 2 (exit)
// TWICE-NEXT: summary: SUMMARY: LeakScope: 75 byte(s) leaked in 4 allocation(s).
// TWICE: h3: direct Direct leak of 33 byte(s) in 1 object(s)
// ONE: {{^1$}}
// END: </body>
// END-NEXT: </html>

// SUPP: h2: Leak check 1 (exit)
// SUPP-NEXT: summary: SUMMARY: LeakScope: 32 byte(s) leaked in 2 allocation(s).
// SUPP-NEXT: summary: Suppressed: 10 byte(s) in 1 object(s).
// SUPP-NEXT:   details: Suppressions that matched
// SUPP-NOT: leak_plain() html_report.cpp
// OBJECTS: <tr><td class="num">1</td><td class="num">10</td><td><code>leak_plain</code></td></tr>
// OBJECTS: <details><summary>Objects (1)</summary><ul>
// OBJECTS-NEXT: <li><code>0x{{[0-9a-f]+}}</code> (16 bytes)</li>

// DELTA: h2: Leak check 1 (delta)
// DELTA: h3: indirect Indirect leak of 16 byte(s) in 1 object(s)
// DELTA-NEXT:   fact: type: Node
// DELTA-NEXT:   fact: held by: direct leak at grow(int) {{.*}}html_report.cpp:[[#HEAD:]]
// DELTA: h2: Leak check 2 (delta)
// DELTA-NEXT: summary: SUMMARY: LeakScope: 32 byte(s) leaked in 2 allocation(s).
// DELTA-NEXT: row: indirect 32 2 node() html_report.cpp:{{[0-9]+}}
// DELTA-NEXT: h3: indirect Indirect leak of 32 byte(s) in 2 object(s)
// DELTA-NEXT:   fact: type: Node
// DELTA-NEXT:   fact: held by: direct leak at grow(int) {{.*}}html_report.cpp:[[#HEAD]]
// DELTA: h2: Leak check 3 (exit)
// DELTARAW: <li>held by: <a href="#c1-d{{[0-9]+}}">direct leak</a> at <code>grow(int)</code>
// DELTARAW: <li>held by: direct leak at <code>grow(int)</code>

// CHILD: h2: Leak check 2 (exit)
// CHILD-NEXT: summary: SUMMARY: LeakScope: 97 byte(s) leaked in 4 allocation(s).
// CHILD-NOT: h2:
// PARENT: h2: Leak check 1 (recoverable)
// PARENT-NEXT: summary: SUMMARY: LeakScope: 42 byte(s) leaked in 3 allocation(s).
// PARENT: h2: Leak check 2 (exit)
// PARENT-NEXT: summary: SUMMARY: LeakScope: 42 byte(s) leaked in 3 allocation(s).
// PARENT-NOT: 55 byte

// CLEAN: h2: Leak check 1 (exit)
// CLEAN-NEXT: summary: No memory leaks.
// CLEAN-NOT: h3:

// BAD1: check_html: <script> in the page
// BAD2: check_html: </p> where <b> is open
// BAD3: check_html: the style sheet fetches

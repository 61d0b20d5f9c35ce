// The HTML report opened the way a person opens it: headless Chromium, offline
// (test/lit/cli/Inputs/browser.sh), loads PATH.PID.html as HTML. The DOM it builds has
// the records' headings, the escaped template name as text and the source line marked
// in place, and no script. A 1200x800 screenshot is not blank: it shows the header's
// dark bar across the whole width, the direct and indirect records' colours (badges,
// bars, borders) and the marked source line's yellow.
// RUN: %clangxx -g -O0 %s -o %t
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: env LEAKSCOPE_OPTIONS=html_path=%t.d/r %expect_exit 23 %t 2>/dev/null
// RUN: %S/../cli/Inputs/browser.sh dom %t.d/r.*.html > %t.d/dom.html
// RUN: FileCheck %s --check-prefix=DOM < %t.d/dom.html
// RUN: not grep -i '<script' %t.d/dom.html
// RUN: %S/../cli/Inputs/browser.sh shot %t.d/r.*.html %t.d/shot.png 1200,800
// RUN: python3 %S/../cli/Inputs/png_stats.py %t.d/shot.png --color '#24292f' --color '#cf222e' --color '#bc4c00' --color '#fff8c5' --span '#24292f' | FileCheck %s --check-prefix=PNG
#include <stdlib.h>

template <class T>
struct Box {
  Box *next;
  T value;
};

void *volatile sink;

template <class T>
__attribute__((noinline)) Box<T> *make_box() {
  return new Box<T>{new Box<T>{nullptr, T()}, T()};
}

int main() {
  sink = make_box<long>();
  sink = malloc(1000);
  sink = nullptr;
  return 0;
}
// DOM: <header><h1>LeakScope report</h1>
// DOM: <h2>Leak check 1 <span class="mode">(exit)</span></h2>
// DOM: <table class="overview">
// DOM: <h3><span class="badge direct">direct</span> Direct leak of 1000 byte(s) in 1 object(s)</h3>
// DOM: <h3><span class="badge direct">direct</span> Direct leak of 16 byte(s) in 1 object(s)</h3>
// DOM-NEXT: <ul class="facts">
// DOM-NEXT: <li>type: <code>Box&lt;long&gt;</code></li>
// DOM: <tr class="hit"><td class="ln">{{[0-9]+}}</td><td>  return new Box&lt;T&gt;{new Box&lt;T&gt;{nullptr, T()}, T()};</td></tr>
// DOM: <h3><span class="badge indirect">indirect</span> Indirect leak of 16 byte(s) in 1 object(s)</h3>

// PNG: size 1200x800
// PNG-NEXT: background #ffffff
// PNG-NEXT: drawn {{[1-9][0-9]}}%
// PNG-NEXT: color #24292f: {{[0-9][0-9][0-9][0-9][0-9]+}}
// PNG-NEXT: color #cf222e: {{[0-9][0-9][0-9][0-9]+}}
// PNG-NEXT: color #bc4c00: {{[0-9][0-9][0-9]+}}
// PNG-NEXT: color #fff8c5: {{[0-9][0-9][0-9][0-9]+}}
// PNG-NEXT: span #24292f: x 0-1199 y 0-{{[0-9]+}}

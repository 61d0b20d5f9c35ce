#!/usr/bin/env python3
"""Validates LeakScope's HTML report (html_path=) and prints its outline, for FileCheck.

  check_html.py FILE

Exits 1 with "check_html: ..." on the first problem: markup that does not nest (an end
tag without its start, an element left open), more than one page in the file, anything
that runs or fetches (a <script>, <link>, <img>, <iframe>, <object>, <embed>, a src=
attribute, an href that is not a link inside the page, a CSS url() or @import), or a
link to an id the page does not have. The page's text is printed unescaped, one line
per piece a reader looks for:

  h2: Leak check 1 (exit)                     section headings
  summary: SUMMARY: LeakScope: ...            a section's totals
  row: direct 16 1 make_box<int>() t.cpp:14   overview rows (badge, bytes, objects, where)
  h3: direct Direct leak of ...               record headings
    fact: type: Box<int>                      the record's facts
    site: allocated in f() at /a/t.cpp:14:10  where it was allocated (or waits)
    hit: 14: <the source line>                the marked source line shown in place
    stack: Allocation stack (3 frames)        each collapsed stack
    details: Suppressions that matched        other collapsed parts
Uses only the standard library.
"""
import html.parser
import re
import sys

VOID = {"meta", "br", "hr", "wbr", "input", "col", "area", "base", "source", "track"}
FORBIDDEN = {"script", "link", "img", "iframe", "object", "embed", "frame", "audio", "video"}


def fail(msg):
    print("check_html: " + msg, file=sys.stderr)
    sys.exit(1)


class Outline(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # open elements: (tag, classes)
        self.ids, self.links = set(), []
        self.lines = []
        self.pages = self.doctypes = 0
        self.piece = None  # [label, depth, texts] while inside a piece to print
        self.cells = None  # an overview row's cells
        self.hit = None    # the marked source row's cells
        self.in_style = False

    def inside(self, tag, cls):
        return any(t == tag and cls in c for t, c in self.stack)

    def handle_decl(self, decl):
        if decl.lower() == "doctype html":
            self.doctypes += 1

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in FORBIDDEN:
            fail("<%s> in the page: it must not run or fetch anything" % tag)
        for k, v in a.items():
            if k == "src" or k.startswith("on"):
                fail("a %s= attribute on <%s>" % (k, tag))
        if "href" in a:
            if not (a["href"] or "").startswith("#"):
                fail("a link out of the page: href=%r" % a["href"])
            self.links.append(a["href"][1:])
        if "style" in a and re.search(r"url\(|@import", a["style"] or ""):
            fail("a style attribute that fetches: %r" % a["style"])
        if "id" in a:
            if a["id"] in self.ids:
                fail("id %r used twice" % a["id"])
            self.ids.add(a["id"])
        self.pages += tag == "html"
        self.in_style |= tag == "style"
        if tag in VOID:
            return
        cls = (a.get("class") or "").split()
        self.stack.append((tag, cls))
        label = None
        if tag in ("h1", "h2", "h3"):
            label = tag
        elif tag == "p" and "summary" in cls:
            label = "summary"
        elif tag == "p" and "site" in cls:
            label = "  site"
        elif tag == "li" and len(self.stack) >= 2 and self.stack[-2] == ("ul", ["facts"]):
            label = "  fact"
        elif tag == "summary":
            label = "  stack" if self.inside("details", "stack") else "  details"
        if label and self.piece is None:
            self.piece = [label, len(self.stack), []]
        if tag == "tr" and self.inside("table", "overview"):
            self.cells = []
        if tag == "tr" and "hit" in cls:
            self.hit = []
        if tag == "td":
            for row in (self.cells, self.hit):
                if row is not None:
                    row.append([])

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            fail("</%s> where <%s> is open" % (tag, self.stack[-1][0] if self.stack else "nothing"))
        if self.piece and self.piece[1] == len(self.stack):
            self.lines.append("%s: %s" % (self.piece[0], " ".join("".join(self.piece[2]).split())))
            self.piece = None
        self.stack.pop()
        self.in_style &= tag != "style"
        if tag == "tr" and self.cells is not None:
            cells = [" ".join("".join(c).split()) for c in self.cells]
            if cells:  # the header row has no <td>; the share column has no text
                self.lines.append("row: " + " ".join(c for i, c in enumerate(cells) if i != 3))
            self.cells = None
        if tag == "tr" and self.hit is not None:
            num, code = ("".join(c) for c in self.hit)
            self.lines.append("  hit: %s: %s" % (num, code))
            self.hit = None

    def handle_data(self, data):
        if self.in_style:
            if re.search(r"url\(|@import", data):
                fail("the style sheet fetches: %r" % data[:80])
            return
        if self.piece:
            self.piece[2].append(data)
        for row in (self.cells, self.hit):
            if row:
                row[-1].append(data)


def main():
    if len(sys.argv) != 2:
        fail("usage: check_html.py FILE")
    p = Outline()
    p.feed(open(sys.argv[1], encoding="utf-8").read())
    p.close()
    if p.stack:
        fail("elements left open at the end: %s" % " ".join(t for t, _ in p.stack))
    if p.pages != 1 or p.doctypes != 1:
        fail("%d pages (<html>) and %d doctypes in one file" % (p.pages, p.doctypes))
    for link in p.links:
        if link not in p.ids:
            fail("a link to #%s, which the page does not have" % link)
    for line in p.lines:
        print(line)


main()

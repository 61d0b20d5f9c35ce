#!/usr/bin/env python3
"""Validates LeakScope's machine-readable reports and prints them in a normalized,
FileCheck-friendly form.

  check_report.py json FILE    JSON Lines from json_path=
  check_report.py sarif FILE   SARIF 2.1.0 log from sarif_path=

Exits 1 with "check_report: ..." on the first structural error: a file that does not
parse, a missing or mistyped field, totals that do not add up. Uses only the standard
library (no jsonschema), so it checks the parts of SARIF 2.1.0 LeakScope emits.
"""
import json
import os
import re
import sys


def fail(msg):
    print("check_report: " + msg, file=sys.stderr)
    sys.exit(1)


def need(obj, key, types, where):
    if not isinstance(obj, dict) or key not in obj:
        fail("%s: missing '%s'" % (where, key))
    v = obj[key]
    if not isinstance(v, types) or (isinstance(v, bool) and bool not in _tuple(types)):
        fail("%s: '%s' has the wrong type: %r" % (where, key, v))
    return v


def _tuple(t):
    return t if isinstance(t, tuple) else (t,)


HEX = re.compile(r"^0x[0-9a-f]+$")


def site_of(frames):
    """First frame after the entry point with a file: basename:line."""
    for f in frames[1:]:
        if f["file"]:
            return "%s:%d" % (os.path.basename(f["file"]), f["line"])
    return "?"


def ownership_text(obj, kind, where):
    """The ownership members of a leak record (ownership_report.h), checked, as text."""
    out = ""
    if "holds" in obj:
        if kind != "direct":
            fail("%s: 'holds' on an indirect record" % where)
        h = need(obj, "holds", dict, where)
        out += " holds=%d/%d" % (need(h, "bytes", int, where), need(h, "objects", int, where))
    if "held_by" in obj:
        if kind != "indirect":
            fail("%s: 'held_by' on a direct record" % where)
        names = []
        for h in need(obj, "held_by", list, where):
            fn = need(h, "function", (str, type(None)), where)
            fl = need(h, "file", (str, type(None)), where)
            names.append("%s@%s:%d" % (fn, os.path.basename(fl or "?"), need(h, "line", int, where)))
        out += " held_by=" + ";".join(names)
    if "lost_cycles" in obj:
        cycles = ["%d/%d" % (need(c, "objects", int, where), need(c, "bytes", int, where))
                  for c in need(obj, "lost_cycles", list, where)]
        out += " cycles=" + ",".join(cycles)
    return out


def retention_line(obj, event, where):
    """A pinned or reachable record (retention_json.h), checked, as text."""
    if need(obj, "kind", str, where) != event:
        fail("%s: kind and event disagree" % where)
    need(obj, "pid", int, where)
    b = need(obj, "bytes", int, where)
    o = need(obj, "objects", int, where)
    frames = need(obj, "frames", list, where)
    steps = []
    for i, st in enumerate(need(obj, "kept_alive_by", list, where)):
        sw = "%s step %d" % (where, i)
        if ("root" in st) == ("hop" in st):
            fail("%s: a step is a root or a hop" % sw)
        if ("root" in st) != (i == 0):
            fail("%s: the root comes first, and only there" % sw)
        if "root" in st:
            if need(st, "root", str, sw) not in ("global", "stack", "tls", "registers", "root_region",
                                                  "thread_arg", "ignored", "mapping"):
                fail("%s: bad root kind" % sw)
            need(st, "tid", int, sw)
        else:
            need(st, "hop", (str, type(None)), sw)
        need(st, "offset", int, sw)
        steps.append(need(st, "text", str, sw))
    span = ""
    if event == "pinned":
        span = " span=%d" % need(obj, "pinned_span_bytes", int, where)
    retains = ""
    if "root_retains" in obj:
        rr = need(obj, "root_retains", dict, where)
        retains = " root_retains=%d/%d" % (need(rr, "bytes", int, where), need(rr, "objects", int, where))
    return "%s bytes=%d objects=%d%s%s site=%s path=%s%s" % (
        event, b, o, span, " type=" + need(obj, "type", str, where) if "type" in obj else "",
        site_of(frames), " -> ".join(steps), retains)


def check_json(path):
    text = open(path, encoding="utf-8").read()
    if not text.endswith("\n"):
        fail("%s: does not end with a newline" % path)
    records = {}
    summaries = 0
    for n, line in enumerate(text.splitlines(), 1):
        where = "%s:%d" % (path, n)
        try:
            obj = json.loads(line)
        except ValueError as e:
            fail("%s: not JSON: %s" % (where, e))
        event = need(obj, "event", str, where)
        if event in ("pinned", "reachable"):
            print(retention_line(obj, event, where))
            continue
        check = need(obj, "check", int, where)
        if event == "leak":
            kind = need(obj, "kind", str, where)
            if kind not in ("direct", "indirect"):
                fail("%s: bad kind %r" % (where, kind))
            nbytes = need(obj, "bytes", int, where)
            objects = need(obj, "objects", int, where)
            if nbytes <= 0 or objects <= 0:
                fail("%s: empty record" % where)
            frames = need(obj, "frames", list, where)
            if not frames:
                fail("%s: no frames" % where)
            for i, f in enumerate(frames):
                fw = "%s frame %d" % (where, i)
                if need(f, "index", int, fw) != i:
                    fail("%s: index out of order" % fw)
                if not HEX.match(need(f, "pc", str, fw)):
                    fail("%s: pc is not hex" % fw)
                for key in ("function", "file", "module"):
                    need(f, key, (str, type(None)), fw)
                for key in ("line", "column"):
                    need(f, key, int, fw)
                mo = need(f, "module_offset", (str, type(None)), fw)
                if (mo is None) != (f["module"] is None):
                    fail("%s: module and module_offset disagree" % fw)
                need(f, "inlined", bool, fw)
            if "type" in obj:
                need(obj, "type", str, where)
            records.setdefault(check, []).append(obj)
            print("leak check=%d %s bytes=%d objects=%d%s site=%s frames=%d%s%s" % (
                check, kind, nbytes, objects,
                " type=" + obj["type"] if "type" in obj else "", site_of(frames), len(frames),
                " addresses=%d" % len(obj["addresses"]) if "addresses" in obj else "",
                ownership_text(obj, kind, where)))
            for f in frames:
                if f["module"] is None:
                    print("  unknown-module frame #%d function=%s" % (f["index"], f["function"]))
        elif event == "summary":
            summaries += 1
            recs = records.pop(check, [])
            b = need(obj, "leaked_bytes", int, where)
            o = need(obj, "leaked_objects", int, where)
            r = need(obj, "records", int, where)
            if b != sum(x["bytes"] for x in recs) or o != sum(x["objects"] for x in recs) or r != len(recs):
                fail("%s: summary does not add up to its records" % where)
            need(obj, "pid", int, where)
            mode = need(obj, "mode", str, where)
            sb = need(obj, "suppressed_bytes", int, where)
            so = need(obj, "suppressed_objects", int, where)
            supps = need(obj, "suppressions", list, where)
            print("summary check=%d mode=%s bytes=%d objects=%d records=%d suppressed_bytes=%d suppressed_objects=%d" % (
                check, mode, b, o, r, sb, so))
            for s in supps:
                print("  suppression %s count=%d bytes=%d" % (
                    need(s, "template", str, where), need(s, "count", int, where), need(s, "bytes", int, where)))
        elif event == "stale":
            if need(obj, "kind", str, where) != "stale":
                fail("%s: a stale record's kind is not 'stale'" % where)
            nbytes = need(obj, "bytes", int, where)
            objects = need(obj, "objects", int, where)
            access = need(obj, "access", str, where)
            lo = need(obj, "min_age_s", int, where)
            hi = need(obj, "max_age_s", int, where)
            if nbytes <= 0 or objects <= 0 or lo > hi or access not in ("accessed", "written"):
                fail("%s: bad stale record" % where)
            frames = need(obj, "frames", list, where)
            records.setdefault(("stale", check), []).append(obj)
            print("stale check=%d bytes=%d objects=%d access=%s%s site=%s frames=%d" % (
                check, nbytes, objects, access,
                " type=" + obj["type"] if "type" in obj else "", site_of(frames), len(frames)))
        elif event == "stale_summary":
            summaries += 1
            recs = records.pop(("stale", check), [])
            b = need(obj, "stale_bytes", int, where)
            o = need(obj, "stale_objects", int, where)
            r = need(obj, "records", int, where)
            if b != sum(x["bytes"] for x in recs) or o != sum(x["objects"] for x in recs) or r != len(recs):
                fail("%s: stale summary does not add up to its records" % where)
            print("stale_summary check=%d mode=%s stale_after_s=%d access=%s bytes=%d objects=%d records=%d" % (
                check, need(obj, "mode", str, where), need(obj, "stale_after_s", int, where),
                need(obj, "access", str, where), b, o, r))
        else:
            fail("%s: unknown event %r" % (where, event))
    if records:
        fail("%s: records without a summary" % path)
    if not summaries:
        fail("%s: no summary" % path)


def check_location(loc, where):
    phys = need(loc, "physicalLocation", dict, where)
    if "artifactLocation" not in phys and "address" not in phys:
        fail("%s: physicalLocation needs artifactLocation or address" % where)
    text = "?"
    if "artifactLocation" in phys:
        uri = need(phys["artifactLocation"], "uri", str, where)
        if re.search(r"[ %s]" % re.escape('"<>\\^`{|}'), uri):
            fail("%s: uri is not encoded: %r" % (where, uri))
        if not uri.startswith("file://") and phys["artifactLocation"].get("uriBaseId") is None:
            fail("%s: relative uri without uriBaseId" % where)
        text = os.path.basename(uri)
        if "region" in phys:
            line = need(phys["region"], "startLine", int, where)
            if line < 1:
                fail("%s: startLine < 1" % where)
            if "startColumn" in phys["region"] and need(phys["region"], "startColumn", int, where) < 1:
                fail("%s: startColumn < 1" % where)
            text += ":%d" % line
    if "address" in phys:
        if need(phys["address"], "absoluteAddress", int, where) < 0:
            fail("%s: negative address" % where)
    for ll in loc.get("logicalLocations", []):
        need(ll, "fullyQualifiedName", str, where)
    return text


def check_sarif(path):
    try:
        log = json.load(open(path, encoding="utf-8"))
    except ValueError as e:
        fail("%s: not JSON: %s" % (path, e))
    if need(log, "version", str, path) != "2.1.0":
        fail("%s: version is not 2.1.0" % path)
    need(log, "$schema", str, path)
    runs = need(log, "runs", list, path)
    if not runs:
        fail("%s: no runs" % path)
    for i, run in enumerate(runs):
        where = "%s: runs[%d]" % (path, i)
        driver = need(need(run, "tool", dict, where), "driver", dict, where)
        if need(driver, "name", str, where) != "LeakScope":
            fail("%s: driver name is not LeakScope" % where)
        rules = need(driver, "rules", list, where)
        ids = [need(r, "id", str, where) for r in rules]
        for r in rules:
            need(need(r, "shortDescription", dict, where), "text", str, where)
        results = need(run, "results", list, where)
        print("run %d driver=%s rules=%s results=%d" % (i, driver["name"], ",".join(ids), len(results)))
        for j, res in enumerate(results):
            rw = "%s.results[%d]" % (where, j)
            rule = need(res, "ruleId", str, rw)
            if rule not in ids:
                fail("%s: unknown ruleId %r" % (rw, rule))
            if "ruleIndex" in res and ids[need(res, "ruleIndex", int, rw)] != rule:
                fail("%s: ruleIndex does not match ruleId" % rw)
            level = need(res, "level", str, rw)
            if level not in ("none", "note", "warning", "error"):
                fail("%s: bad level" % rw)
            msg = need(need(res, "message", dict, rw), "text", str, rw)
            locs = need(res, "locations", list, rw)
            site = check_location(locs[0], rw) if locs else "?"
            nframes = 0
            for st in res.get("stacks", []):
                for k, fr in enumerate(need(st, "frames", list, rw)):
                    check_location(need(fr, "location", dict, "%s frame %d" % (rw, k)), rw)
                    nframes += 1
            print("result %s %s at %s frames=%d: %s" % (rule, level, site, nframes, msg))


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("json", "sarif"):
        fail("usage: check_report.py json|sarif FILE")
    if sys.argv[1] == "json":
        check_json(sys.argv[2])
    else:
        check_sarif(sys.argv[2])


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# matrix_html.sh — `amicus matrix --format html` over corpus texts: one row per document with the JSON matrix's statuses, every cell link's report file exists and holds the demand's anchor, safe unique report names, error rows, -j 1 = -j 4, --reports DIR, stdout.
# usage: matrix_html.sh AMICUS_BINARY   (skips when $AMICUS_CORPUS is missing; fails then under CI=true)
set -u
# shellcheck source=../support/common.sh
source "${AMICUS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/common.sh"
need_corpus text
need_python3

# corpus texts as symlinks (never copies); two of them under the same base name in two
# directories, one under a name with spaces, quotes and markup, and a broken document
d=$tmp/laws
mkdir -p "$d/a" "$d/b"
n=0
for f in text/us-18usc1030-cfaa.txt text/ke-computer-misuse-cybercrimes-act-2018.txt \
         text/sg-computer-misuse-act-1993.txt text/co-ley1273-2009-delitos-informaticos.es.txt \
         coe-budapest-convention-ets185.en-nl.md; do
  if [ -f "$corpus/$f" ]; then ln -s "$corpus/$f" "$d/$(basename "$f")"; n=$((n + 1)); else echo "note: $f not in the corpus"; fi
done
[ $n -ge 3 ] || { fail "fewer than 3 of the corpus files found"; exit 1; }
first=$(find "$d" -maxdepth 1 -type l | sort | head -1)
second=$(find "$d" -maxdepth 1 -type l | sort | sed -n 2p)
ln -s "$first" "$d/a/law.txt"
ln -s "$second" "$d/b/law.txt"
ln -s "$first" "$d/a/LAW.TXT"                       # equal ignoring case
ln -s "$second" "$d/"'-odd <b>"name" & co.txt'      # neither an option nor markup once named
printf '%%PDF-1.7\nnot really a PDF\n' >"$d/broken.pdf"
docs=$((n + 5))

out=$tmp/page
mkdir -p "$out"
"$amicus" matrix --format html -o "$out/matrix.html" -j 2 "$d" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && pass "a broken document among good ones: exit 2" || fail "exit $rc (want 2): $(cat "$tmp/err")"
grep -q "reports in $out/matrix-reports/" "$tmp/err" && pass "the summary names the reports directory" || fail "no reports line: $(cat "$tmp/err")"
[ -d "$out/matrix-reports" ] && pass "-o matrix.html writes matrix-reports/" || fail "no matrix-reports/"
"$amicus" matrix --format json -o "$tmp/m.json" -j 2 "$d" 2>/dev/null

python3 - "$out/matrix.html" "$tmp/m.json" "$docs" <<'PY' && pass "page: one row per document, the JSON matrix's statuses, every link's report exists with the demand's anchor" || fail "page check"
import html.parser, json, os, sys, urllib.parse
page, mjson, ndocs = sys.argv[1], sys.argv[2], int(sys.argv[3])
base = os.path.dirname(page)
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.rows = []; self.row = None; self.cell = None; self.scripts = 0; self.styles = 0
        self.meta_csp = None; self.in_tbody = False; self.text = []
    def handle_starttag(self, tag, a):
        a = dict(a)
        if tag == "tbody": self.in_tbody = True
        if tag == "script": self.scripts += 1; assert "src" not in a, a
        if tag == "style": self.styles += 1
        if tag in ("img", "iframe", "link", "object", "embed"): raise AssertionError("external element " + tag)
        if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy": self.meta_csp = a["content"]
        if self.in_tbody and tag == "tr": self.row = {"cls": a.get("class"), "cells": [], "title_href": None, "file": ""}
        if self.row is not None and tag == "td" and "d" in (a.get("class") or "").split():
            self.cell = {"d": a["data-d"], "s": a["data-s"], "href": None, "label": None, "text": ""}
        if self.row is not None and tag == "a":
            if self.cell is not None: self.cell["href"] = a["href"]; self.cell["label"] = a.get("aria-label")
            elif "t" in (a.get("class") or "").split(): self.row["title_href"] = a["href"]
        self.in_file = self.row is not None and tag == "span" and a.get("class") == "file"
    def handle_data(self, data):
        if self.cell is not None: self.cell["text"] += data
        if getattr(self, "in_file", False): self.row["file"] += data
    def handle_endtag(self, tag):
        self.in_file = False
        if tag == "tbody": self.in_tbody = False
        if tag == "td" and self.cell is not None: self.row["cells"].append(self.cell); self.cell = None
        if tag == "tr" and self.row is not None: self.rows.append(self.row); self.row = None
p = P(); p.feed(open(page, encoding="utf-8").read())
assert p.scripts == 1 and p.styles == 1, (p.scripts, p.styles)
csp = p.meta_csp
assert csp and csp.startswith("default-src 'none'; script-src 'sha256-") and "http" not in csp, csp
assert len(p.rows) == ndocs, (len(p.rows), ndocs)
m = json.load(open(mjson))
by_file = {r["file"]: r for r in m["documents"]}
assert len(by_file) == ndocs, len(by_file)
assert [r["file"] for r in p.rows] == sorted(by_file), "rows not sorted by file"
names = set()
for r in p.rows:
    j = by_file[r["file"]]
    assert len(r["cells"]) == 6, r
    if j["status"] == "failed":
        assert r["cls"] == "failed" and r["title_href"] is None, r
        assert all(c["s"] == "error" and c["href"] is None and "error" in c["text"] for c in r["cells"]), r
        continue
    assert r["cls"] == "ok", r
    rep = r["title_href"]
    assert rep and not rep.startswith(("/", "http", "file:")) and ".." not in rep, rep
    rpath = os.path.normpath(os.path.join(base, urllib.parse.unquote(rep)))
    assert os.path.dirname(rpath) == os.path.join(base, "matrix-reports"), rpath
    name = os.path.basename(rpath)
    assert not name.startswith((".", "-")) and all(ch.isascii() and (ch.isalnum() or ch in "._-") for ch in name), name
    assert name.lower() not in names, "report name used twice: " + name
    names.add(name.lower())
    report = open(rpath, encoding="utf-8").read()
    assert report.startswith("<!DOCTYPE html>") and "</html>" in report, rpath
    for c in r["cells"]:
        want = j["demands"][c["d"]]
        assert c["s"] == want, (r["file"], c["d"], c["s"], want)
        assert want in c["text"], c                      # the status as a word, not colour only
        assert c["href"] == rep + "#d1-dm" + c["d"], c
        assert c["label"] and want.replace("n/a", "not applicable") in c["label"].replace("partly met", "partly"), c
        anchor = 'id="d1-dm%s" data-status="%s"' % (c["d"], want)
        assert anchor in report, (rpath, anchor)
assert len(names) == ndocs - 1, (len(names), ndocs)
print(len(p.rows), "rows,", len(names), "reports checked")
PY

# the reports are what `amicus check --format html` writes for the same document (no review file)
k=$(find "$d" -maxdepth 1 -name 'ke-*' | head -1)
if [ -n "$k" ]; then
  "$amicus" check --format html -o "$tmp/ke-check.html" "$k" 2>/dev/null
  cmp -s "$tmp/ke-check.html" "$out/matrix-reports/$(basename "$k").html" &&
    pass "a matrix report is byte for byte the check --format html report" || fail "matrix report differs from check's"
fi
# equal base names: both reports, each with its own document
ra=$(ls "$out/matrix-reports" | grep -c '^law\.txt-[0-9a-f]\{8\}\.html$')
[ "$ra" -eq 2 ] && pass "equal base names get two reports (law.txt-HASH.html)" || fail "law.txt reports: $ra: $(ls "$out/matrix-reports")"
ls "$out/matrix-reports" | grep -q '^_odd_b_name_co\.txt\.html$' && pass "an odd file name gets a safe report name" || fail "odd name: $(ls "$out/matrix-reports")"
[ -z "$(find "$out" -name '.*')" ] && pass "no hidden file written" || fail "hidden files: $(find "$out" -name '.*')"
[ ! -e "$out/matrix-reports/broken.pdf.html" ] && pass "no report for the broken document" || fail "report for a failed document"

# -j 1 and -j 4: the same page and the same reports
mkdir -p "$tmp/j1" "$tmp/j4"
"$amicus" matrix --format html -o "$tmp/j1/m.html" -j 1 "$d" 2>/dev/null
"$amicus" matrix --format html -o "$tmp/j4/m.html" -j 4 "$d" 2>/dev/null
cmp -s "$tmp/j1/m.html" "$tmp/j4/m.html" && diff -r "$tmp/j1/m-reports" "$tmp/j4/m-reports" >/dev/null &&
  pass "-j 1 and -j 4: identical page and reports" || fail "-j 1 and -j 4 differ"

# --reports DIR elsewhere: the links go there, relative to the page
mkdir -p "$tmp/pages" "$tmp/elsewhere"
"$amicus" matrix --format html -o "$tmp/pages/m.html" --reports "$tmp/elsewhere/r 1" "$d/us-18usc1030-cfaa.txt" "$d/ke-computer-misuse-cybercrimes-act-2018.txt" 2>"$tmp/err2"
rc=$?
python3 - "$tmp/pages/m.html" <<'PY' && pass "--reports DIR: links relative to the page, percent-encoded, all resolve" || fail "--reports DIR links ($rc: $(cat "$tmp/err2"))"
import os, re, sys, urllib.parse
page = sys.argv[1]; text = open(page, encoding="utf-8").read()
hrefs = [h for h in re.findall(r'<a [^>]*href="([^"]+)"', text) if not h.startswith("#")]
assert len(hrefs) >= 7, hrefs
for h in hrefs:
    assert h.startswith("../elsewhere/r%201/"), h
    f, _, frag = h.partition("#")
    path = os.path.join(os.path.dirname(page), urllib.parse.unquote(f))
    rep = open(path, encoding="utf-8").read()
    if frag: assert 'id="%s"' % frag in rep, (h, frag)
PY

# to stdout: no reports, cells link nowhere, and it says so
"$amicus" matrix --format html "$d/us-18usc1030-cfaa.txt" >"$tmp/stdout.html" 2>"$tmp/err3"
rc=$?
{ [ $rc -le 1 ] && grep -q '<tr class="ok"' "$tmp/stdout.html" && ! grep -q '<a href=' "$tmp/stdout.html" &&
  grep -q 'no per-document reports' "$tmp/err3"; } && pass "html on stdout: no reports, no links, a note" || fail "stdout html ($rc): $(cat "$tmp/err3")"
"$amicus" matrix --format html --no-reports -o "$tmp/nr.html" "$d/us-18usc1030-cfaa.txt" 2>/dev/null
{ [ -f "$tmp/nr.html" ] && [ ! -e "$tmp/nr-reports" ] && ! grep -q '<a href=' "$tmp/nr.html"; } &&
  pass "--no-reports: no directory, no links" || fail "--no-reports"

# usage errors
"$amicus" matrix --format csv --reports "$tmp/x" "$d" >/dev/null 2>&1; [ $? -eq 2 ] && pass "--reports with csv: usage error" || fail "--reports with csv accepted"
: >"$tmp/notadir"
"$amicus" matrix --format html -o "$tmp/p.html" --reports "$tmp/notadir" "$d/us-18usc1030-cfaa.txt" >/dev/null 2>&1
[ $? -eq 2 ] && pass "--reports naming a file: exit 2" || fail "--reports naming a file"
# the option parser is shared with check: --disable and --severity work here too
"$amicus" matrix --format json --disable NO-SUCH-RULE "$d/us-18usc1030-cfaa.txt" >/dev/null 2>&1
[ $? -eq 2 ] && pass "--disable of an unknown rule: exit 2 (as check)" || fail "--disable unknown rule"
"$amicus" matrix --format json --severity X=bogus "$d/us-18usc1030-cfaa.txt" >/dev/null 2>&1
[ $? -eq 2 ] && pass "--severity X=bogus: usage error" || fail "--severity bogus accepted"

finish

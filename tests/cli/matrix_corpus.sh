#!/usr/bin/env bash
# matrix_corpus.sh — `amicus matrix` over corpus texts: one row per document with the counts and scorecard of `amicus check`, stdin list, -j 1 = -j 4, JSON Lines.
# usage: matrix_corpus.sh AMICUS_BINARY   (skips when $AMICUS_CORPUS is missing; fails then under CI=true)
set -u
# shellcheck source=../support/common.sh
source "${AMICUS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/common.sh"
need_corpus text
need_python3

# a directory of symlinks to corpus texts (never copies)
d=$tmp/laws
mkdir -p "$d/text"
n=0
for f in text/us-18usc1030-cfaa.txt text/ke-computer-misuse-cybercrimes-act-2018.txt \
         text/sg-computer-misuse-act-1993.txt text/co-ley1273-2009-delitos-informaticos.es.txt \
         coe-budapest-convention-ets185.en-nl.md un-iccpr-1966.en-nl.md; do
  if [ -f "$corpus/$f" ]; then ln -s "$corpus/$f" "$d/$f"; n=$((n + 1)); else echo "note: $f not in the corpus"; fi
done
[ $n -ge 2 ] || { fail "fewer than 2 of the corpus files found"; exit 1; }

"$amicus" matrix --format json -o "$tmp/m.json" "$d" 2>"$tmp/err"
rc=$?
[ $rc -le 1 ] && pass "matrix over $n corpus texts: exit $rc" || fail "exit $rc: $(cat "$tmp/err")"
for f in $(cd "$d" && find . -name '*.txt' -o -name '*.md' | sort); do
  "$amicus" check --format json "$d/$f" >"$tmp/check-$(basename "$f").json" 2>/dev/null
done
python3 - "$tmp/m.json" "$tmp" <<'PY' && pass "every row has the counts, concerns and scorecard of amicus check" || fail "rows differ from amicus check"
import json, os, sys
m = json.load(open(sys.argv[1]))
rows = m["documents"]
assert len(rows) == len([f for f in os.listdir(sys.argv[2]) if f.startswith("check-")]), len(rows)
sev = {"error": "error", "warning": "warning", "note": "note"}
for r in rows:
    c = json.load(open(os.path.join(sys.argv[2], "check-" + os.path.basename(r["file"]) + ".json")))
    doc = c["documents"][0]
    s = doc["summary"]
    got = (r["findings"], r["error_findings"], r["warning_findings"], r["note_findings"], r["evidence"], r["provisions"])
    want = (s["findings"], s["error"], s["warning"], s["note"], s["evidence"], doc["provisions"])
    assert got == want, (r["file"], got, want)
    assert r["title"] == doc["title"], (r["title"], doc["title"])
    h = doc["health"]
    assert r["health"] == (len(h) if isinstance(h, list) else h), r["file"]
    per = {}
    for f in doc["findings"]:
        if f["kind"] != "risk" or f["dismissed"]: continue
        k = (f["concern"].lower(), f["severity"])
        per[k] = per.get(k, 0) + 1
    for concern, counts in r["concerns"].items():
        for level, n in counts.items():
            assert n == per.get((concern, level), 0), (r["file"], concern, level, n, per)
    for d in doc["scorecard"]:
        assert r["demands"][str(d["demand"])] == d["status"], (r["file"], d["demand"], r["demands"], d["status"])
    assert r["status"] == "ok" and r["lang"] and r["format"]
print(len(rows), "rows checked")
PY

# the stdin list gives the same rows
(cd "$d" && find "$d" -type l | sort) | "$amicus" matrix --format json - >"$tmp/stdin.json" 2>/dev/null
python3 - "$tmp/m.json" "$tmp/stdin.json" <<'PY' && pass "stdin list: the same rows as the directory" || fail "stdin list differs"
import json, sys
a = json.load(open(sys.argv[1]))["documents"]; b = json.load(open(sys.argv[2]))["documents"]
assert a == b, (len(a), len(b))
PY

# -j 1 and -j 4: the same lines in any order; each line valid JSON
"$amicus" matrix --format jsonl -j 1 "$d" >"$tmp/j1.jsonl" 2>/dev/null
"$amicus" matrix --format jsonl -j 4 "$d" >"$tmp/j4.jsonl" 2>/dev/null
if command -v node >/dev/null; then
  node -e '
    const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n");
    if (lines.pop() !== "") throw new Error("no final newline");
    lines.forEach(l => JSON.parse(l));' "$tmp/j4.jsonl" && pass "JSON Lines: every line parses (node)" || fail "JSON Lines with node"
fi
python3 -c '
import json, sys
a = sorted(open(sys.argv[1]).read().splitlines()); b = sorted(open(sys.argv[2]).read().splitlines())
[json.loads(l) for l in a + b]
assert a == b and len(a) == int(sys.argv[3]), (len(a), len(b))' "$tmp/j1.jsonl" "$tmp/j4.jsonl" "$n" \
  && pass "-j 1 and -j 4: identical rows (order-independent)" || fail "-j 1 and -j 4 differ"

finish

#!/usr/bin/env bash
# matrix_basic.sh — `amicus matrix` without the corpus: broken files among good ones, skipped non-legal files, CSV/JSON/JSONL, --resume, -j, SIGINT, the limits of check.
# usage: matrix_basic.sh AMICUS_BINARY
set -u
# shellcheck source=../support/common.sh
source "${AMICUS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/common.sh"
fx=$src/tests/fixtures/matrix
need_python3

# a directory: two good texts, an empty one, a binary one, and files that are not legal texts
d=$tmp/docs
mkdir -p "$d/sub/deeper" "$d/.hidden"
cp "$fx/computer-misuse-bill.txt" "$d/"
cp "$fx/data-protection-act.md" "$d/sub/deeper/"
cp "$fx/computer-misuse-bill.txt" "$d/sub/comma, \"quoted\" bill.txt"
: >"$d/empty.txt"
head -c 4000 /dev/zero | tr '\0' '\001' >"$d/sub/binary.txt"
printf '{"not": "a law"}\n' >"$d/extract.json"
printf 'a\tb\n' >"$d/table.tsv"
printf '\x89PNG\r\n\x1a\n0000' >"$d/picture.png"
printf '[1, 2]\n' >"$d/noextension"
cp "$fx/computer-misuse-bill.txt" "$d/.hidden/ignored.txt"

"$amicus" matrix --format jsonl "$d" >"$tmp/out.jsonl" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && pass "broken documents among good ones: exit 2" || fail "exit $rc, wanted 2: $(cat "$tmp/err")"
python3 - "$tmp/out.jsonl" <<'PY' && pass "JSON Lines: 5 rows, each valid JSON; errors on the broken ones only" || fail "JSON Lines rows"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
by = {r["file"].rsplit("/", 1)[1]: r for r in rows}
assert sorted(by) == sorted(["computer-misuse-bill.txt", "data-protection-act.md", 'comma, "quoted" bill.txt',
                             "empty.txt", "binary.txt"]), sorted(by)
for name in ("empty.txt", "binary.txt"):
    r = by[name]
    assert r["status"] == "failed" and r["error"] and name in r["error"], r
    assert all(v is None for v in r["demands"].values()), r
for name in ("computer-misuse-bill.txt", "data-protection-act.md"):
    r = by[name]
    assert r["status"] == "ok" and r["error"] is None and r["provisions"] >= 3, r
    assert set(r["demands"]) == {"1", "2", "3", "4", "5", "6"}
    assert sum(sum(c.values()) for c in r["concerns"].values()) == r["findings"], r
    assert r["error_findings"] + r["warning_findings"] + r["note_findings"] == r["findings"], r
assert by["computer-misuse-bill.txt"]["findings"] > 0
PY
for f in extract.json table.tsv picture.png noextension; do
  grep -q "$f: skipped" "$tmp/err" && pass "$f reported as skipped" || fail "$f not reported as skipped: $(cat "$tmp/err")"
done
grep -q 'ignored.txt' "$tmp/out.jsonl" && fail "a hidden directory was walked"
grep -q '5 documents (2 failed, 4 skipped)' "$tmp/err" && pass "summary counts failures and skips" \
  || fail "summary: $(tail -1 "$tmp/err")"

# the counts are those of amicus check
"$amicus" check --format json "$d/computer-misuse-bill.txt" >"$tmp/check.json" 2>/dev/null
python3 - "$tmp/out.jsonl" "$tmp/check.json" <<'PY' && pass "counts match amicus check" || fail "counts differ from amicus check"
import json, sys
row = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{"file":') and json.loads(l)["file"].endswith("/computer-misuse-bill.txt")][0]
doc = json.load(open(sys.argv[2]))["documents"][0]
s = doc["summary"]
assert (row["findings"], row["error_findings"], row["warning_findings"], row["note_findings"], row["evidence"]) == \
       (s["findings"], s["error"], s["warning"], s["note"], s["evidence"]), (row, s)
p = doc["provisions"]
assert row["provisions"] == (len(p) if isinstance(p, list) else p), (row["provisions"], p)
PY

# CSV: RFC 4180, header + one row per document, sorted by path
"$amicus" matrix --format csv -o "$tmp/out.csv" "$d" 2>/dev/null
python3 - "$tmp/out.csv" <<'PY' && pass "CSV parses (RFC 4180), sorted by path, quoted names intact" || fail "CSV"
import csv, sys
raw = open(sys.argv[1], encoding="utf-8", newline="").read()
assert raw.endswith("\r\n")
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
assert len(rows) == 5, len(rows)
files = [r["file"] for r in rows]
assert files == sorted(files), files
assert any(f.endswith('comma, "quoted" bill.txt') for f in files)
assert {r["status"] for r in rows} == {"ok", "failed"}
assert all(r["demand_1"] for r in rows if r["status"] == "ok")
PY

# JSON: one document, the schema of docs/MATRIX.md
"$amicus" matrix --format json "$d" >"$tmp/out.json" 2>/dev/null
python3 - "$tmp/out.json" <<'PY' && pass "JSON: documents, skipped and summary" || fail "JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["amicus_matrix"] == 1 and len(d["documents"]) == 5
assert len(d["skipped"]) == 4 and all(s["reason"] for s in d["skipped"])
assert d["summary"]["failed"] == 2 and d["summary"]["documents"] == 5 and d["summary"]["interrupted"] is False
PY

# -j 1 and -j 4 give the same rows
"$amicus" matrix --format csv -j 1 "$d" >"$tmp/j1.csv" 2>/dev/null
"$amicus" matrix --format csv -j 4 "$d" >"$tmp/j4.csv" 2>/dev/null
cmp -s "$tmp/j1.csv" "$tmp/j4.csv" && pass "-j 1 and -j 4: identical CSV" || fail "-j 1 and -j 4 differ"

# stdin list, files as arguments, a missing file gives a row, not a stop
printf '%s\n' "$d/computer-misuse-bill.txt" "$d/sub/deeper/data-protection-act.md" "$d/missing.txt" |
  "$amicus" matrix --format jsonl - >"$tmp/stdin.jsonl" 2>/dev/null
rc=$?
python3 - "$tmp/stdin.jsonl" <<'PY' && [ $rc -eq 2 ] && pass "stdin list: 3 rows, the missing file failed, exit 2" || fail "stdin list (exit $rc)"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 3
assert [r["status"] for r in rows if r["file"].endswith("missing.txt")] == ["failed"]
PY
"$amicus" matrix --format jsonl --fail-on none "$d/computer-misuse-bill.txt" >/dev/null 2>&1
rc=$?; [ $rc -eq 0 ] && pass "--fail-on none: exit 0" || fail "--fail-on none: exit $rc"
"$amicus" matrix --format jsonl "$d/computer-misuse-bill.txt" >/dev/null 2>&1
rc=$?; [ $rc -eq 1 ] && pass "findings at error: exit 1" || fail "findings at error: exit $rc"

# --resume: documents already in OUT are skipped, the rest appended; a torn last line is cut
"$amicus" matrix --format jsonl "$d/computer-misuse-bill.txt" >"$tmp/resume.jsonl" 2>/dev/null
printf '{"file":"%s","status":"ok","trunc' "$d/empty.txt" >>"$tmp/resume.jsonl"
"$amicus" matrix --resume "$tmp/resume.jsonl" "$d" >"$tmp/resume.stdout" 2>"$tmp/resume.err"
python3 - "$tmp/resume.jsonl" <<'PY' && pass "--resume: every file once, whole lines" || fail "--resume: $(cat "$tmp/resume.err")"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
files = [r["file"] for r in rows]
assert len(files) == 5 and len(set(files)) == 5, files
PY
grep -q '1 documents already done, 4 to go' "$tmp/resume.err" && pass "--resume says what it skips" || fail "--resume message: $(cat "$tmp/resume.err")"
[ -s "$tmp/resume.stdout" ] && fail "--resume wrote to stdout"
"$amicus" matrix --resume "$tmp/resume.jsonl" "$d" >/dev/null 2>"$tmp/resume2.err"
grep -q '5 documents already done, 0 to go' "$tmp/resume2.err" && [ "$(wc -l <"$tmp/resume.jsonl")" -eq 5 ] \
  && pass "--resume of a finished run adds nothing" || fail "second --resume: $(cat "$tmp/resume2.err")"

# SIGINT: in-flight documents finish, only whole lines, exit 130
big=$tmp/big
mkdir -p "$big"
nbig=200
for i in $(seq 1 $nbig); do ln -s "$fx/computer-misuse-bill.txt" "$big/bill-$i.txt"; done
"$amicus" matrix --format jsonl -j 2 -o "$tmp/int.jsonl" "$big" 2>"$tmp/int.err" &
pid=$!
for _ in $(seq 1 100); do [ -s "$tmp/int.jsonl" ] && break; sleep 0.05; done
kill -INT $pid 2>/dev/null
wait $pid
rc=$?
n=$(wc -l <"$tmp/int.jsonl")
python3 -c '
import json, sys
data = open(sys.argv[1], encoding="utf-8").read()
assert data == "" or data.endswith("\n")
for l in data.splitlines(): json.loads(l)' "$tmp/int.jsonl" && pass "SIGINT: $n whole lines (exit $rc)" || fail "SIGINT left a torn line"
if [ $rc -eq 130 ]; then
  grep -q 'interrupted after' "$tmp/int.err" && pass "SIGINT: exit 130 and a message" || fail "no interruption message"
  "$amicus" matrix --resume "$tmp/int.jsonl" -j 2 "$big" >/dev/null 2>&1
  [ "$(wc -l <"$tmp/int.jsonl")" -eq $nbig ] && pass "--resume completes the interrupted run" || fail "resume after SIGINT: $(wc -l <"$tmp/int.jsonl") lines"
elif [ $rc -ne 1 ]; then
  fail "SIGINT: exit $rc"
fi

# usage errors
"$amicus" matrix --format xml "$d" >/dev/null 2>&1; [ $? -eq 2 ] && pass "bad --format: exit 2" || fail "bad --format"
"$amicus" matrix -j 0 "$d" >/dev/null 2>&1; [ $? -eq 2 ] && pass "-j 0: exit 2" || fail "-j 0"
"$amicus" matrix --format json --resume "$tmp/x.jsonl" "$d" >/dev/null 2>&1; [ $? -eq 2 ] && pass "--resume with json: exit 2" || fail "--resume with json"
"$amicus" matrix >/dev/null 2>&1; [ $? -eq 2 ] && pass "no input: exit 2" || fail "no input"
mkdir "$tmp/emptydir"
"$amicus" matrix "$tmp/emptydir" >/dev/null 2>&1; [ $? -eq 2 ] && pass "no documents: exit 2" || fail "no documents"

# ---- limits: those of check, applied to each document. Over --max-findings a document is
# refused as check refuses it: a failed row with check's message, exit 2 (docs/MATRIX.md)
lim=$tmp/lim
mkdir "$lim"
cp "$fx/computer-misuse-bill.txt" "$fx/data-protection-act.md" "$lim/"
"$amicus" matrix --format jsonl "$lim" >"$tmp/lim0.jsonl" 2>/dev/null
# the bill's findings as check counts them against the limit: risks and evidence
n=$(python3 -c 'import json,sys
rows = {r["file"].rsplit("/", 1)[1]: r for r in map(json.loads, open(sys.argv[1]))}
b, d = rows["computer-misuse-bill.txt"], rows["data-protection-act.md"]
assert b["findings"] + b["evidence"] > d["findings"] + d["evidence"] + 1, (b, d)
print(b["findings"] + b["evidence"])' "$tmp/lim0.jsonl")
if [ -z "$n" ]; then
  fail "limits: the bill should have more findings than the act"
else
  "$amicus" matrix --format jsonl --max-findings "$n" "$lim" >"$tmp/lim1.jsonl" 2>"$tmp/err"; rc=$?
  [ $rc -ne 2 ] && ! grep -q '"status":"failed"' "$tmp/lim1.jsonl" \
    && pass "--max-findings $n (the bill's count): no failed row, exit $rc" || fail "--max-findings $n: exit $rc: $(cat "$tmp/lim1.jsonl")"
  "$amicus" matrix --format jsonl --max-findings=$((n - 1)) "$lim" >"$tmp/lim2.jsonl" 2>"$tmp/err"; rc=$?
  [ $rc -eq 2 ] && pass "--max-findings $((n - 1)): exit 2" || fail "--max-findings $((n - 1)): exit $rc, want 2"
  "$amicus" check --max-findings $((n - 1)) "$lim/computer-misuse-bill.txt" >/dev/null 2>"$tmp/check.err"; rc=$?
  [ $rc -eq 2 ] && pass "check --max-findings $((n - 1)): exit 2" || fail "check --max-findings $((n - 1)): exit $rc"
  python3 - "$tmp/lim2.jsonl" "$tmp/check.err" "$((n - 1))" <<'PY' \
    && pass "--max-findings: the bill a failed row with check's message, the act under the limit ok" \
    || fail "--max-findings rows: $(cat "$tmp/lim2.jsonl")"
import json, sys
rows = {r["file"].rsplit("/", 1)[1]: r for r in map(json.loads, open(sys.argv[1]))}
b, d = rows["computer-misuse-bill.txt"], rows["data-protection-act.md"]
assert b["status"] == "failed" and b["error_kind"] == "too large", b
assert f"more than {sys.argv[3]} findings in one document (raise the limit with --max-findings)" in b["error"], b
assert b["error"] in open(sys.argv[2]).read(), (b["error"], open(sys.argv[2]).read())
assert b["findings"] == 0 and all(v is None for v in b["demands"].values()), b
assert b["provisions"] >= 3, b
assert d["status"] == "ok", d
PY
fi
for bad in 0 -3 many; do
  "$amicus" matrix --max-findings "$bad" "$lim" >/dev/null 2>"$tmp/err"
  [ $? -eq 2 ] && grep -q "bad --max-findings" "$tmp/err" && pass "--max-findings $bad: usage error" \
    || fail "--max-findings $bad: $(cat "$tmp/err")"
done
# --max-depth: a document nested deeper is a failed row, as check refuses it
{ printf '<html><body>'; for _ in $(seq 12); do printf '<div>'; done
  printf '<h2>Article 1</h2><p>Any person who accesses a computer system without right commits an offence.</p>'
  for _ in $(seq 12); do printf '</div>'; done; printf '</body></html>\n'; } >"$lim/deep.html"
"$amicus" matrix --format jsonl "$lim/deep.html" >"$tmp/d0.jsonl" 2>/dev/null; rc0=$?
"$amicus" matrix --format jsonl --max-depth 8 "$lim/deep.html" >"$tmp/d1.jsonl" 2>/dev/null; rc1=$?
"$amicus" check --max-depth 8 "$lim/deep.html" >/dev/null 2>"$tmp/check.err"
python3 - "$tmp/d0.jsonl" "$tmp/d1.jsonl" "$tmp/check.err" <<'PY' && [ $rc0 -ne 2 ] && [ $rc1 -eq 2 ] \
  && pass "--max-depth 8: a failed row with check's message (ok without it)" || fail "--max-depth: exit $rc0/$rc1: $(cat "$tmp/d1.jsonl")"
import json, sys
[ok] = map(json.loads, open(sys.argv[1]))
[r] = map(json.loads, open(sys.argv[2]))
assert ok["status"] == "ok", ok
assert r["status"] == "failed" and "nested more than 8 deep" in r["error"], r
assert r["error"] in open(sys.argv[3]).read(), (r["error"], open(sys.argv[3]).read())
PY
# --max-memory: process-wide as in check; 1M cannot even hold the rules: the same error, exit 2
"$amicus" matrix --max-memory 1M "$lim" >"$tmp/out" 2>"$tmp/err"; rc=$?
"$amicus" check --max-memory 1M "$lim/computer-misuse-bill.txt" >/dev/null 2>"$tmp/check.err"
[ $rc -eq 2 ] && [ ! -s "$tmp/out" ] && grep -q 'over the memory limit of 1 MiB' "$tmp/err" && cmp -s "$tmp/err" "$tmp/check.err" \
  && pass "--max-memory 1M: check's error, exit 2" || fail "--max-memory 1M: exit $rc: $(cat "$tmp/err")"

finish

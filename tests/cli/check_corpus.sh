#!/usr/bin/env bash
# check_corpus.sh — `amicus check` with the default pack on real corpus texts in every format: valid output, sane exits, paths and locations.
# usage: check_corpus.sh AMICUS_BINARY   (skips when $AMICUS_CORPUS is missing; fails then under CI=true)
set -u
# shellcheck source=../support/common.sh
source "${AMICUS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/common.sh"
need_corpus
need_python3 "needed to read the JSON output"

files=()
for f in coe-budapest-convention-ets185.en-nl.md ph-ra10175-cybercrime-prevention-act-2012.html \
         un-iccpr-1966.en-nl.md coe-echr-1950.en-nl.md text/ke-computer-misuse-cybercrimes-act-2018.txt \
         text/sg-computer-misuse-act-1993.txt; do
  if [ -f "$corpus/$f" ]; then files+=("$corpus/$f"); else echo "note: $f not in the corpus"; fi
done
[ ${#files[@]} -gt 0 ] || { fail "none of the corpus files found"; exit 1; }

# one run over all files in each format; exit 0 or 1 (never 2: every file is readable)
for fmt in text json sarif md; do
  "$amicus" check --format "$fmt" --color=never "${files[@]}" >"$tmp/out.$fmt" 2>"$tmp/err.$fmt"
  rc=$?
  [ $rc -le 1 ] && [ -s "$tmp/out.$fmt" ] && pass "$fmt: exit $rc over ${#files[@]} files" \
    || fail "$fmt: exit $rc: $(head -3 "$tmp/err.$fmt")"
  grep -v ': warning: ' "$tmp/err.$fmt" | grep -q . && fail "$fmt: unexpected stderr: $(head -3 "$tmp/err.$fmt")"
done

python3 - "$tmp/out.json" "${files[@]}" <<'EOF' && pass "json: valid, one document per file, findings located" || fail "json: see above"
import json, sys
d = json.load(open(sys.argv[1]))
files = sys.argv[2:]
assert d["schema"] == "amicus-check/1"
assert [x["file"] for x in d["documents"]] == files
for doc in d["documents"]:
    text = open(doc["file"], "rb").read()
    nlines = text.count(b"\n") + 1
    assert len(doc["scorecard"]) == 6
    fps = set()
    for f in doc["findings"]:
        assert f["kind"] in ("risk", "evidence"), f
        assert 1 <= f["demand"] <= 6
        if f["path"] is not None:
            assert f["article"] is not None, f
            assert 1 <= f["line"] <= nlines, (doc["file"], f["line"], nlines)
            assert f["column"] >= 1
        assert f["end"] >= f["start"]
        fps.add((f["fingerprint"], f["start"]))
    assert len(fps) == len(doc["findings"]), "two findings share fingerprint and place"
EOF

if python3 -c 'import jsonschema' 2>/dev/null; then
  for pair in "docs/amicus-check-1.schema.json:$tmp/out.json" "tests/fixtures/report/sarif-schema-2.1.0-rtm.5.json:$tmp/out.sarif"; do
    python3 -c "import json,sys,jsonschema
s=json.load(open(sys.argv[1])); jsonschema.validators.validator_for(s)(s).validate(json.load(open(sys.argv[2])))" \
      "$src/${pair%%:*}" "${pair#*:}" && pass "${pair#*:}: valid against ${pair%%:*}" || fail "${pair#*:}: schema"
  done
fi

python3 - "$tmp/out.sarif" <<'EOF' && pass "sarif: valid, rules cover results" || fail "sarif: see above"
import json, sys
d = json.load(open(sys.argv[1]))
run = d["runs"][0]
ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
for res in run["results"]:
    assert ids[res["ruleIndex"]] == res["ruleId"]
    assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
EOF

# the human-rights treaties stay (nearly) silent: no error-level risk
iccpr=$corpus/un-iccpr-1966.en-nl.md
if [ -f "$iccpr" ]; then
  "$amicus" check --format json "$iccpr" 2>/dev/null | python3 -c "import json,sys
d=json.load(sys.stdin)
errs=[f['rule']+' '+str(f['path']) for f in d['documents'][0]['findings'] if f['kind']=='risk' and f['severity']=='error']
assert len(errs) <= 1, errs" && pass "ICCPR: no more than one error-level risk" || fail "ICCPR: error-level risks"
fi

# --max-input refuses a big file with exit 2 and a one-line error, after reporting the others
big=$corpus/us-usc-title18-incl-1030-cfaa.ansvar-seed.json
if [ -f "$big" ]; then
  "$amicus" check --max-input 1M --format json "${files[0]}" "$big" >"$tmp/o.json" 2>"$tmp/e.txt"; rc=$?
  [ $rc -eq 2 ] && [ "$(grep -vc ': warning: ' "$tmp/e.txt")" -eq 1 ] && python3 -m json.tool "$tmp/o.json" >/dev/null \
    && pass "--max-input: exit 2, one error line, valid JSON" || fail "--max-input: exit $rc: $(cat "$tmp/e.txt")"
fi

finish

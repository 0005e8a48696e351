#!/usr/bin/env bash
# check_formats.sh — `amicus check`: text line shape, JSON and SARIF structure, Markdown, colour, exit codes, bad inputs.
# usage: check_formats.sh AMICUS_BINARY   (uses the small pack in tests/fixtures/report/pack)
set -u
# shellcheck source=../fixtures/report/common.sh
source "${AMICUS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fixtures/report/common.sh"

# pyjson: a check on a JSON file in python3
pyjson() { # pyjson FILE PYTHON-CODE (d = the parsed document)
  python3 -c "import json,sys
d=json.load(open(sys.argv[1]))
$2" "$1"
}

# The bill has 4 risk findings (2 error, 1 warning, 1 note) and 1 protection with this pack.
cp "$fx/bill.txt" "$fx/clean.txt" "$tmp/"
cd "$tmp" || exit 1

# ---- text: line shape, grouping, quote, remedy, scorecard, summary
"$amicus" check "${pack[@]}" --color=never bill.txt >out.txt 2>err.txt
rc=$?
[ $rc -eq 1 ] && pass "text: exit 1 with error findings" || fail "text: exit $rc, want 1"
grep -Eq '^bill\.txt:[0-9]+:[0-9]+  Art\. 3  T-COMPELLED  error: ' out.txt \
  && pass "text: finding line 'file:line:col  path  RULE  severity: message'" \
  || fail "text: no finding line of the expected shape"; 
grep -Eq '^    "any person who has knowledge' out.txt && pass "text: quote indented" || fail "text: quote"
grep -Eq '^    remedy: ' out.txt && pass "text: remedy line" || fail "text: remedy"
grep -q '^SURVEILLANCE — ' out.txt && grep -q '^SCOPE — ' out.txt && pass "text: grouped by concern" \
  || fail "text: concern headings"
awk '/^SCOPE — /{s=NR} /^SURVEILLANCE — /{v=NR} END{exit !(s && v && s < v)}' out.txt \
  && pass "text: concerns in order" || fail "text: concern order"
grep -q '^PROTECTIONS FOUND' out.txt && grep -q 'T-COURT-ORDER' out.txt && pass "text: protections listed" \
  || fail "text: protections"
[ "$(grep -cE '^  [1-6]  (met|partly|unmet|n/a) ' out.txt)" -eq 6 ] && pass "text: six scorecard lines" \
  || fail "text: scorecard"
grep -Eq '^bill\.txt: 4 findings: 2 errors, 1 warning, 1 note; 0 dismissed; 1 protection found$' out.txt \
  && pass "text: summary line" || fail "text: summary line: $(grep findings: out.txt)"
grep -q $'\033\[' out.txt && fail "text: ANSI escapes with --color=never" || pass "text: no colour when never"

# ---- colour: NO_COLOR, --color=always, auto on a pipe
"$amicus" check "${pack[@]}" --color=always bill.txt >c.txt 2>/dev/null
grep -q $'\033\[' c.txt && pass "colour: --color=always" || fail "colour: --color=always gave none"
NO_COLOR=1 "$amicus" check "${pack[@]}" --color=always bill.txt >c.txt 2>/dev/null
grep -q $'\033\[' c.txt && pass "colour: --color=always wins over NO_COLOR" || fail "colour: always+NO_COLOR"
"$amicus" check "${pack[@]}" bill.txt >c.txt 2>/dev/null
grep -q $'\033\[' c.txt && fail "colour: auto coloured a pipe" || pass "colour: auto is off on a pipe"
if command -v script >/dev/null; then
  # a pseudo-terminal: colour on, unless NO_COLOR is set and not empty
  script -qec "\"$amicus\" check ${pack[*]} bill.txt" /dev/null </dev/null >tty.txt 2>&1
  grep -q $'\033\[' tty.txt && pass "colour: on for a TTY" || fail "colour: no colour on a TTY"
  NO_COLOR=1 script -qec "\"$amicus\" check ${pack[*]} bill.txt" /dev/null </dev/null >tty.txt 2>&1
  grep -q $'\033\[' tty.txt && fail "colour: NO_COLOR=1 ignored on a TTY" || pass "colour: NO_COLOR respected"
  NO_COLOR= script -qec "\"$amicus\" check ${pack[*]} bill.txt" /dev/null </dev/null >tty.txt 2>&1
  grep -q $'\033\[' tty.txt && pass "colour: empty NO_COLOR ignored" || fail "colour: empty NO_COLOR"
fi

# ---- JSON: parses, schema, per-document fields, finding fields, scorecard
"$amicus" check "${pack[@]}" --format json bill.txt clean.txt >out.json 2>err.txt
rc=$?
[ $rc -eq 1 ] && pass "json: exit 1" || fail "json: exit $rc"
python3 -m json.tool out.json >/dev/null && pass "json: parses" || fail "json: does not parse"
pyjson out.json '
assert d["schema"] == "amicus-check/1", d["schema"]
assert isinstance(d["amicus"], str)
assert [x["file"] for x in d["documents"]] == ["bill.txt", "clean.txt"]
doc = d["documents"][0]
for k in ("file","title","format","provisions","findings","scorecard","warnings","health","summary"):
    assert k in doc, k
keys = ("rule","kind","concern","demand","severity","article","path","start","end","line","column",
        "quote","message","standard","remedy","fingerprint","dismissed")
for f in doc["findings"]:
    for k in keys:
        assert k in f, (k, f)
    assert len(f["fingerprint"]) == 16 and all(c in "0123456789abcdef" for c in f["fingerprint"])
    assert f["severity"] in ("error","warning","note","none")
    assert f["kind"] in ("risk","evidence")
    assert f["dismissed"] is False
    assert f["end"] >= f["start"]
byrule = {f["rule"]: f for f in doc["findings"]}
c = byrule["T-COMPELLED"]
assert c["concern"] == "SURVEILLANCE" and c["demand"] == 6 and c["severity"] == "error", c
assert c["article"] == "3" and c["path"] == "Art. 3", (c["article"], c["path"])
assert c["quote"].startswith("any person who has knowledge"), c["quote"]
assert c["line"] == 13 and c["column"] >= 1, (c["line"], c["column"])
assert byrule["T-COURT-ORDER"]["kind"] == "evidence"
assert [s["demand"] for s in doc["scorecard"]] == [1,2,3,4,5,6]
for s in doc["scorecard"]:
    assert s["status"] in ("met","partly","unmet","n/a") and s["statement"] and s["reason"]
    for e in s["evidence"]:
        assert set(("rule","kind","path","fingerprint")) <= set(e)
assert doc["summary"]["findings"] == 4 and doc["summary"]["error"] == 2 and doc["summary"]["evidence"] == 1
assert d["summary"]["documents"] == 2 and d["summary"]["findings"] == 4, d["summary"]
assert d["documents"][1]["findings"] == []
' && pass "json: fields and values" || fail "json: fields"
schema_check "$src/docs/amicus-check-1.schema.json" out.json "json"

# ---- SARIF 2.1.0: required structure, one run, results from both files
"$amicus" check "${pack[@]}" --format sarif bill.txt clean.txt >out.sarif 2>/dev/null
pyjson out.sarif '
assert d["version"] == "2.1.0" and d["$schema"].endswith("sarif-2.1.0.json")
assert len(d["runs"]) == 1
run = d["runs"][0]
assert run["columnKind"] == "unicodeCodePoints"
drv = run["tool"]["driver"]
assert drv["name"] == "amicus" and drv["version"]
ids = [r["id"] for r in drv["rules"]]
assert len(ids) == len(set(ids))
for r in drv["rules"]:
    assert r["shortDescription"]["text"] and r["fullDescription"]["text"] and r["help"]["text"]
    assert r["properties"]["concern"] and r["properties"]["demand"] in range(1, 7)
assert run["results"], "no results"
for res in run["results"]:
    assert res["ruleId"] in ids and ids[res["ruleIndex"]] == res["ruleId"]
    assert res["level"] in ("error","warning","note","none")
    assert res["message"]["text"]
    loc = res["locations"][0]
    pl = loc["physicalLocation"]
    assert pl["artifactLocation"]["uri"] == "bill.txt"
    reg = pl["region"]
    assert reg["startLine"] >= 1 and reg["startColumn"] >= 1
    assert (reg["endLine"], reg["endColumn"]) >= (reg["startLine"], reg["startColumn"])
    ll = loc["logicalLocations"][0]
    assert ll["kind"] == "member" and ll["fullyQualifiedName"] == "bill.txt#" + ll["name"]
    assert len(res["partialFingerprints"]["amicusFingerprint/v1"]) == 16
inv = run["invocations"][0]
assert inv["executionSuccessful"] is True
' && pass "sarif: required structure" || fail "sarif: structure"

# the official SARIF 2.1.0 JSON schema (rtm.5, as published on schemastore.org and bundled in
# @microsoft/jest-sarif), when python3 has jsonschema; with a dismissed finding for suppressions
if python3 -c 'import jsonschema' 2>/dev/null; then
  printf '{"amicus_review":1,"document":"bill.txt","decisions":[{"fingerprint":"%s","decision":"dismissed","reason":"test","date":"2026-01-01"}]}' \
    "$(pyjson out.sarif 'print(d["runs"][0]["results"][0]["partialFingerprints"]["amicusFingerprint/v1"])')" >rv.json
  "$amicus" check "${pack[@]}" --format sarif --review rv.json bill.txt missing.txt >out2.sarif 2>/dev/null
  for f in out.sarif out2.sarif; do
    schema_check "$fx/sarif-schema-2.1.0-rtm.5.json" "$f" "sarif: $f"
  done
  grep -q '"suppressions"' out2.sarif || fail "sarif: no suppression for the dismissed finding"
else
  echo "note: python3 has no jsonschema; SARIF schema validation skipped"
fi

# ---- Markdown briefing
"$amicus" check "${pack[@]}" --format md bill.txt >out.md 2>/dev/null
grep -q '^# Briefing: ' out.md && grep -q '^## Summary' out.md && grep -q '^## Concerns' out.md \
  && grep -q '^## The six demands' out.md && grep -q '^## Citing these findings' out.md \
  && grep -q '^> any person who has knowledge' out.md && grep -q '^\*Ask:\* ' out.md \
  && [ "$(grep -c '^### [1-6]\. ' out.md)" -eq 6 ] \
  && pass "md: briefing sections, quotes, asks, six demands" || fail "md: briefing"

# ---- exit codes and --fail-on
"$amicus" check "${pack[@]}" --fail-on none bill.txt >/dev/null 2>&1; rc=$?
[ $rc -eq 0 ] && pass "fail-on none: exit 0" || fail "fail-on none: exit $rc"
"$amicus" check "${pack[@]}" --disable T-ANY-OFFENCE --disable T-COMPELLED bill.txt >/dev/null 2>&1; rc=$?
[ $rc -eq 0 ] && pass "no error left: exit 0" || fail "no error left: exit $rc"
"$amicus" check "${pack[@]}" --disable T-ANY-OFFENCE --disable T-COMPELLED --fail-on warning bill.txt >/dev/null 2>&1; rc=$?
[ $rc -eq 1 ] && pass "fail-on warning: exit 1" || fail "fail-on warning: exit $rc"
"$amicus" check "${pack[@]}" --severity T-COMPELLED=note --severity T-ANY-OFFENCE=warning --format json bill.txt >sev.json 2>/dev/null; rc=$?
[ $rc -eq 0 ] && pyjson sev.json '
f = {x["rule"]: x["severity"] for x in d["documents"][0]["findings"]}
assert f["T-COMPELLED"] == "note" and f["T-ANY-OFFENCE"] == "warning", f
assert d["summary"]["error"] == 0 and d["summary"]["warning"] == 2 and d["summary"]["note"] == 2, d["summary"]
' && pass "--severity lowers errors: exit 0, severities in JSON" || fail "--severity: exit $rc"
"$amicus" check "${pack[@]}" clean.txt >/dev/null 2>&1; rc=$?
[ $rc -eq 0 ] && pass "clean document: exit 0" || fail "clean document: exit $rc"
"$amicus" check "${pack[@]}" --format sarif --fail-on note clean.txt >/dev/null 2>&1; rc=$?
[ $rc -eq 0 ] && pass "clean document, fail-on note: exit 0" || fail "clean, fail-on note: exit $rc"
for bad in "--format xml" "--fail-on bad" "--color sometimes" "--severity T-HEDGE" "--severity T-HEDGE=loud" \
           "--bogus" "--max-input zero" "--format"; do
  # shellcheck disable=SC2086
  "$amicus" check "${pack[@]}" $bad bill.txt >/dev/null 2>e.txt; rc=$?
  [ $rc -eq 2 ] && [ -s e.txt ] && pass "usage error '$bad': exit 2" || fail "usage error '$bad': exit $rc"
done
"$amicus" check --pack "$tmp/no-such-pack" --no-default-pack bill.txt >/dev/null 2>e.txt; rc=$?
[ $rc -eq 2 ] && pass "missing pack: exit 2" || fail "missing pack: exit $rc"
"$amicus" check "${pack[@]}" --explain NO-SUCH-RULE bill.txt >/dev/null 2>e.txt; rc=$?
[ $rc -eq 2 ] && pass "--explain unknown rule: exit 2" || fail "--explain unknown rule: exit $rc"
"$amicus" check "${pack[@]}" --explain T-HEDGE bill.txt >x.txt 2>e.txt; rc=$?
[ $rc -eq 0 ] && [ -s x.txt ] && pass "--explain: prints an explanation" || fail "--explain: exit $rc"

# ---- a missing file among good files: the others are reported, then exit 2
"$amicus" check "${pack[@]}" --format json bill.txt missing.txt clean.txt >out.json 2>err.txt; rc=$?
[ $rc -eq 2 ] && pass "missing file: exit 2" || fail "missing file: exit $rc"
grep -q '^amicus: missing\.txt' err.txt && [ "$(wc -l <err.txt)" -eq 1 ] && pass "missing file: one-line error" \
  || fail "missing file: stderr was: $(cat err.txt)"
schema_check "$src/docs/amicus-check-1.schema.json" out.json "json with an input error"
pyjson out.json '
assert [x["file"] for x in d["documents"]] == ["bill.txt", "clean.txt"]
assert d["input_errors"][0]["file"] == "missing.txt"
assert d["summary"]["input_errors"] == 1
' && pass "missing file: the others reported, JSON still valid" || fail "missing file: JSON"
"$amicus" check "${pack[@]}" --format sarif bill.txt missing.txt >out.sarif 2>/dev/null
pyjson out.sarif 'assert d["runs"][0]["invocations"][0]["executionSuccessful"] is False' \
  && pass "missing file: SARIF executionSuccessful false" || fail "missing file: SARIF"
: >empty.txt
"$amicus" check "${pack[@]}" empty.txt bill.txt >/dev/null 2>err.txt; rc=$?
[ $rc -eq 2 ] && grep -q '^amicus: empty\.txt' err.txt && pass "empty file: exit 2, named" || fail "empty file: exit $rc"

# ---- -o FILE
"$amicus" check "${pack[@]}" --format json -o report.json bill.txt >stdout.txt 2>/dev/null; rc=$?
[ $rc -eq 1 ] && [ ! -s stdout.txt ] && python3 -m json.tool report.json >/dev/null \
  && pass "-o FILE: output in the file" || fail "-o FILE: exit $rc"
"$amicus" check "${pack[@]}" -o "$tmp/no/such/dir/x" bill.txt >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && pass "-o unwritable: exit 2" || fail "-o unwritable: exit $rc"

# ---- no file: the bundled example, said on stderr
if [ -s "$src/examples/cybercrime-bill.txt" ]; then
  "$amicus" check --format json >ex.json 2>err.txt; rc=$?
  grep -q 'no file given; checking the bundled example examples/cybercrime-bill.txt' err.txt \
    && pass "no file: checks the bundled example" || fail "no file: stderr was: $(cat err.txt)"
  [ $rc -ne 2 ] && python3 -m json.tool ex.json >/dev/null && pass "no file: exit $rc, JSON valid" \
    || fail "no file: exit $rc"
fi

finish

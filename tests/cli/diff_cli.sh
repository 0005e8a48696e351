#!/usr/bin/env bash
# diff_cli.sh — `amicus diff OLD NEW`: provisions, findings delta, scorecard, review file, exit codes, formats, usage errors.
# usage: diff_cli.sh AMICUS_BINARY   (uses the small pack and bill of tests/fixtures/report)
set -u
# shellcheck source=../fixtures/report/common.sh
source "${AMICUS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fixtures/report/common.sh"

cp "$fx/bill.txt" "$tmp/"
cd "$tmp" || exit 1
# the next draft: article 2 (false news) dropped, 3 and 4 renumbered, a new compelled-assistance article 4
cat >bill-v2.txt <<'TXT'
THE COMPUTER MISUSE BILL

Article 1
Scope
This Act applies to any criminal offence committed by means of a computer system.

Article 2
Assistance
An officer may order any person who has knowledge about the functioning of the computer system to provide the necessary information, as appropriate.

Article 3
Search
A search requires an order of the court issued on reasonable grounds.

Article 4
Decryption
A service provider shall give any person who has knowledge of its encryption keys the duty to disclose them on demand.
TXT

"$amicus" diff "${pack[@]}" --format json bill.txt bill-v2.txt >out.json 2>err.txt
rc=$?
[ $rc -eq 1 ] && pass "new error finding: exit 1" || fail "exit $rc (want 1): $(cat err.txt)"
python3 - out.json <<'PY' && pass "JSON: provisions, findings delta, scorecard" || fail "JSON content: $(head -c 3000 out.json)"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "amicus-diff/1", d["schema"]
p = {(e["old"], e["new"]): e for e in d["provisions"]}
assert p[("1", "1")]["status"] == "unchanged", p
assert p[("2", None)]["status"] == "removed", p
assert p[("3", "2")]["status"] == "renumbered" and not p[("3", "2")]["text_changed"], p
assert p[("4", "3")]["status"] == "renumbered", p
assert p[(None, "4")]["status"] == "added", p
assert len(d["provisions"]) == 5, d["provisions"]
f = d["findings"]
rules = lambda k: sorted(x["rule"] for x in f[k])
assert rules("new") == ["T-COMPELLED"], rules("new")
assert rules("resolved") == ["T-FALSE-NEWS"], rules("resolved")
assert "T-ANY-OFFENCE" in rules("persisting") and "T-COMPELLED" in rules("persisting"), rules("persisting")
n = f["new"][0]
for k in ("rule", "kind", "concern", "demand", "severity", "article", "path", "start", "end", "line",
          "column", "quote", "message", "standard", "remedy", "fingerprint", "dismissed"):
    assert k in n, k
assert n["path"] == "Art. 4" and n["article"] == "4", n
s = d["scorecard"]
assert [x["demand"] for x in s] == [1, 2, 3, 4, 5, 6], s
for x in s:
    assert x["sentence"].startswith("Demand %d: " % x["demand"]), x
    assert x["before"] in ("met", "partly", "unmet", "n/a") and x["after"] in ("met", "partly", "unmet", "n/a"), x
    assert x["changed"] == (x["before"] != x["after"]), x
assert any("T-FALSE-NEWS at Art. 2" in x["sentence"] for x in s), s
assert any("new T-COMPELLED at Art. 4" in x["sentence"] for x in s), s
PY

schema_check "$src/docs/amicus-diff-1.schema.json" out.json "diff JSON"

"$amicus" diff "${pack[@]}" --fail-on none bill.txt bill-v2.txt >/dev/null 2>&1
rc=$?
[ $rc -eq 0 ] && pass "--fail-on none: exit 0" || fail "--fail-on none: exit $rc"
"$amicus" diff "${pack[@]}" bill-v2.txt bill-v2.txt >out.txt 2>&1
rc=$?
[ $rc -eq 0 ] && grep -q "0 new, 0 resolved" out.txt && grep -q "4 unchanged" out.txt \
  && pass "same file: exit 0, nothing new" || fail "same file: exit $rc: $(cat out.txt)"

# whitespace and line breaks only: nothing changed
sed -e 's/ /   /g' -e 's/^Article \([0-9]\)$/\nArticle \1/' bill.txt >bill-ws.txt
"$amicus" diff "${pack[@]}" --format json bill.txt bill-ws.txt >ws.json 2>err.txt
python3 -c "import json,sys
d=json.load(open('ws.json'))
assert all(e['status']=='unchanged' and not e['changes'] for e in d['provisions']), d['provisions']
assert not d['findings']['new'] and not d['findings']['resolved'], d['findings']" \
  && pass "whitespace only: all unchanged, no findings delta" || fail "whitespace only: $(cat ws.json err.txt)"

# text: findings delta first, word diff without colour on a pipe, with colour when asked
"$amicus" diff "${pack[@]}" bill.txt bill-v2.txt >out.txt 2>&1
f_line=$(grep -n "^FINDINGS" out.txt | cut -d: -f1)
p_line=$(grep -n "^PROVISIONS" out.txt | cut -d: -f1)
[ -n "$f_line" ] && [ -n "$p_line" ] && [ "$f_line" -lt "$p_line" ] && pass "text: findings before provisions" \
  || fail "text layout: $(cat out.txt)"
grep -q $'\033' out.txt && fail "colour on a pipe" || pass "no colour on a pipe"
grep -q "Art. 2 ← Art. 3  renumbered" out.txt && pass "text: renumbered pair" || fail "text: $(cat out.txt)"
"$amicus" diff "${pack[@]}" --color always bill.txt bill-v2.txt 2>/dev/null | grep -q $'\033\[' \
  && pass "--color always" || fail "--color always: no escape codes"
NO_COLOR=1 "$amicus" diff "${pack[@]}" --color auto bill.txt bill-v2.txt 2>/dev/null | grep -q $'\033' \
  && fail "NO_COLOR ignored" || pass "NO_COLOR"

# Markdown for a statement
"$amicus" diff "${pack[@]}" --format md -o out.md bill.txt bill-v2.txt 2>err.txt
grep -q "^## What got worse" out.md && grep -q "^- \*\*Art. 4\*\*: new " out.md && grep -q "^## Scorecard" out.md \
  && grep -q "^## What got better" out.md && pass "Markdown (-o)" || fail "Markdown: $(cat out.md err.txt)"

# the old draft's review file: a dismissed finding that persists stays dismissed
fp=$("$amicus" check "${pack[@]}" --format json bill.txt 2>/dev/null | python3 -c "import json,sys
print(next(f['fingerprint'] for f in json.load(sys.stdin)['documents'][0]['findings'] if f['rule']=='T-ANY-OFFENCE'))")
"$amicus" review dismiss "$fp" --reason "scope is narrowed in art. 9" "${pack[@]}" bill.txt >/dev/null 2>&1
"$amicus" diff "${pack[@]}" --format json bill.txt bill-v2.txt >rv.json 2>err.txt
python3 -c "import json,sys
d=json.load(open('rv.json'))
[f]=[f for f in d['findings']['persisting'] if f['rule']=='T-ANY-OFFENCE']
assert f['dismissed'] is True and f['fingerprint']==sys.argv[1], f
assert all(not f['dismissed'] for f in d['findings']['persisting'] if f['rule']!='T-ANY-OFFENCE')" "$fp" \
  && pass "review: persisting finding stays dismissed (default OLD.amicus-review)" || fail "review: $(cat rv.json err.txt)"
mv bill.txt.amicus-review other.review
"$amicus" diff "${pack[@]}" --format json --review other.review bill.txt bill-v2.txt >rv2.json 2>/dev/null
cmp -s rv.json rv2.json && pass "--review FILE" || fail "--review FILE gives other output"
echo '{"amicus_review": 1, "document": "x"' >bad.review
"$amicus" diff "${pack[@]}" --review bad.review bill.txt bill-v2.txt >out.txt 2>err.txt
rc=$?
[ $rc -eq 2 ] && grep -q "bad.review" err.txt && [ ! -s out.txt ] && pass "corrupt review file: exit 2, named, no output" \
  || fail "corrupt review: exit $rc: $(cat err.txt)"

# words only
"$amicus" diff --no-check --format json bill.txt bill-v2.txt >nc.json 2>err.txt
rc=$?
python3 -c "import json
d=json.load(open('nc.json'))
assert d['findings'] is None and d['scorecard'] is None and len(d['provisions'])==5" && [ $rc -eq 0 ] \
  && pass "--no-check" || fail "--no-check: exit $rc $(cat err.txt)"
schema_check "$src/docs/amicus-diff-1.schema.json" nc.json "diff --no-check JSON"

# usage and input errors: exit 2, a message, no output
usage_case() { # usage_case LABEL ARGS...
  local label=$1; shift
  "$amicus" diff "$@" >out.txt 2>err.txt
  local rc=$?
  [ $rc -eq 2 ] && [ -s err.txt ] && [ ! -s out.txt ] && pass "$label: exit 2" || fail "$label: exit $rc, stderr: $(cat err.txt)"
}
usage_case "one file" bill.txt
usage_case "three files" bill.txt bill.txt bill.txt
usage_case "missing file" bill.txt missing.txt
grep -q "missing.txt" err.txt && pass "missing file named" || fail "missing file not named: $(cat err.txt)"
usage_case "sarif" --format sarif bill.txt bill-v2.txt
usage_case "bad threshold" --threshold 7 bill.txt bill-v2.txt
usage_case "bad fail-on" --fail-on fatal bill.txt bill-v2.txt
usage_case "unknown option" --frobnicate bill.txt bill-v2.txt
usage_case "directory" . bill.txt
"$amicus" diff --help >out.txt 2>&1 && grep -q "usage: amicus diff" out.txt && pass "--help" || fail "--help"
"$amicus" --help | grep -q "amicus diff" && pass "listed in amicus --help" || fail "not in amicus --help"
finish

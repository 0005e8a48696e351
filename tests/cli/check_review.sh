#!/usr/bin/env bash
# check_review.sh — `amicus review accept|dismiss` round trip with `amicus check`; corrupt and foreign review files.
# usage: check_review.sh AMICUS_BINARY   (uses the small pack in tests/fixtures/report/pack)
set -u
# shellcheck source=../fixtures/report/common.sh
source "${AMICUS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fixtures/report/common.sh"

cp "$fx/bill.txt" "$tmp/"
cd "$tmp" || exit 1

fp_of() { # fp_of RULE: the fingerprint of the rule's (first) finding in bill.txt
  "$amicus" check "${pack[@]}" --format json bill.txt 2>/dev/null | python3 -c "import json,sys
d=json.load(sys.stdin)
print(next(f['fingerprint'] for f in d['documents'][0]['findings'] if f['rule']==sys.argv[1]))" "$1"
}
compelled=$(fp_of T-COMPELLED)
anyoff=$(fp_of T-ANY-OFFENCE)
hedge=$(fp_of T-HEDGE)
[ ${#compelled} -eq 16 ] && [ ${#anyoff} -eq 16 ] && pass "fingerprints from JSON" || fail "fingerprints: '$compelled' '$anyoff'"

# check never creates a review file
"$amicus" check "${pack[@]}" bill.txt >/dev/null 2>&1
[ ! -e bill.txt.amicus-review ] && pass "check creates no review file" || fail "check created a review file"

# dismiss: recorded with rule, reason and date; the finding is hidden and counted
"$amicus" review dismiss "$compelled" --reason "limited to the owner by art. 9" "${pack[@]}" bill.txt >out.txt 2>err.txt
rc=$?
[ $rc -eq 0 ] && pass "review dismiss: exit 0" || fail "review dismiss: exit $rc: $(cat err.txt)"
python3 -c "import json,sys,re
d=json.load(open('bill.txt.amicus-review'))
assert d['amicus_review'] == 1 and d['document'] == 'bill.txt', d
[e] = d['decisions']
assert e['fingerprint'] == sys.argv[1] and e['decision'] == 'dismissed', e
assert e['reason'] == 'limited to the owner by art. 9' and e['rule'] == 'T-COMPELLED', e
assert re.fullmatch(r'\d{4}-\d\d-\d\d', e['date']), e
" "$compelled" && pass "review file content" || fail "review file content: $(cat bill.txt.amicus-review)"
ls -a | grep -q 'tmp' && fail "temporary file left: $(ls -a)" || pass "no temporary file left"

"$amicus" check "${pack[@]}" --color=never bill.txt >out.txt 2>/dev/null
grep -q "T-COMPELLED  error" out.txt && fail "dismissed finding still shown" || pass "dismissed finding hidden"
grep -Eq '^bill\.txt: 3 findings: 1 error, 1 warning, 1 note; 1 dismissed; ' out.txt \
  && pass "summary counts the dismissed finding" || fail "summary: $(grep findings: out.txt)"
"$amicus" check "${pack[@]}" --color=never --show-dismissed bill.txt >out.txt 2>/dev/null
grep -q 'T-COMPELLED  error: \[dismissed\]' out.txt && grep -q 'dismissed .*: limited to the owner' out.txt \
  && pass "--show-dismissed lists it with the reason" || fail "--show-dismissed"
"$amicus" check "${pack[@]}" --format json bill.txt >out.json 2>/dev/null
python3 -c "import json,sys
d=json.load(open('out.json'))
f={x['fingerprint']:x for x in d['documents'][0]['findings']}
assert f[sys.argv[1]]['dismissed'] is True and f[sys.argv[1]]['review']['decision'] == 'dismissed'
assert d['summary']['dismissed'] == 1
" "$compelled" && pass "json: dismissed true, review attached" || fail "json: dismissed"
schema_check "$src/docs/amicus-check-1.schema.json" out.json "json with a review"
"$amicus" check "${pack[@]}" --format sarif bill.txt >out.sarif 2>/dev/null
python3 -c "import json,sys
d=json.load(open('out.sarif'))
r=[x for x in d['runs'][0]['results'] if x['partialFingerprints']['amicusFingerprint/v1']==sys.argv[1]][0]
assert r['suppressions'][0]['kind'] == 'external' and 'owner' in r['suppressions'][0]['justification']
" "$compelled" && pass "sarif: suppression for the dismissed finding" || fail "sarif: suppression"

# dismissing the other error leaves no error: exit 0 (dismissed findings do not fail the run)
"$amicus" review dismiss "$anyoff" --reason "scope clause is fine here" "${pack[@]}" bill.txt >/dev/null 2>&1
"$amicus" check "${pack[@]}" bill.txt >/dev/null 2>&1; rc=$?
[ $rc -eq 0 ] && pass "all errors dismissed: exit 0" || fail "all errors dismissed: exit $rc"

# accept keeps the finding visible; a new decision replaces the old one
"$amicus" review accept "$hedge" --reason "in our statement" "${pack[@]}" bill.txt >/dev/null 2>&1
"$amicus" review accept "$anyoff" --reason "on second thought, keep it" "${pack[@]}" bill.txt >/dev/null 2>&1
python3 -c "import json
d=json.load(open('bill.txt.amicus-review'))
assert len(d['decisions']) == 3, d
assert [x['decision'] for x in d['decisions']] == ['dismissed','accepted','accepted'], d
" && pass "accept recorded; re-deciding replaces" || fail "accept: $(cat bill.txt.amicus-review)"
schema_check "$src/docs/amicus-review-1.schema.json" bill.txt.amicus-review "review file"
"$amicus" check "${pack[@]}" --color=never bill.txt >out.txt 2>/dev/null; rc=$?
grep -q 'T-HEDGE' out.txt && grep -q 'T-ANY-OFFENCE' out.txt && [ $rc -eq 1 ] \
  && pass "accepted findings stay visible and count" || fail "accepted findings: exit $rc"

# --review FILE applies another file (e.g. to the next draft); a missing --review FILE is an error
cp bill.txt draft2.txt
"$amicus" check "${pack[@]}" --review bill.txt.amicus-review --color=never draft2.txt >out.txt 2>/dev/null
grep -q "T-COMPELLED  error" out.txt && fail "--review FILE not applied" || pass "--review FILE applied to another draft"
"$amicus" check "${pack[@]}" --review nope.amicus-review draft2.txt >/dev/null 2>err.txt; rc=$?
[ $rc -eq 2 ] && pass "missing --review FILE: exit 2" || fail "missing --review FILE: exit $rc"

# bad arguments to review
"$amicus" review dismiss 123 --reason x "${pack[@]}" bill.txt >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && pass "review: bad fingerprint exit 2" || fail "review: bad fingerprint exit $rc"
"$amicus" review dismiss "$hedge" "${pack[@]}" bill.txt >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && pass "review: no reason exit 2" || fail "review: no reason exit $rc"
"$amicus" review ignore "$hedge" --reason x "${pack[@]}" bill.txt >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && pass "review: unknown action exit 2" || fail "review: unknown action exit $rc"
cp bill.txt.amicus-review before
"$amicus" review dismiss 0123456789abcdef --reason x "${pack[@]}" bill.txt >/dev/null 2>err.txt; rc=$?
[ $rc -eq 2 ] && cmp -s before bill.txt.amicus-review && pass "review: unknown fingerprint refused" \
  || fail "review: unknown fingerprint exit $rc"
"$amicus" review dismiss 0123456789abcdef --reason x --force "${pack[@]}" bill.txt >/dev/null 2>&1; rc=$?
[ $rc -eq 0 ] && grep -q 0123456789abcdef bill.txt.amicus-review && pass "review --force records it" \
  || fail "review --force: exit $rc"

# corrupt and foreign review files: check exits 2, review refuses and leaves them unchanged
for content in '{"amicus_review": 1, "document": "bill.txt", "decisions": [' \
               '{"name": "my-package", "version": "1.0.0"}' \
               'not json at all' \
               '{"amicus_review": 9, "document": "bill.txt", "decisions": []}'; do
  printf '%s' "$content" >bill.txt.amicus-review
  cp bill.txt.amicus-review before
  "$amicus" check "${pack[@]}" bill.txt >/dev/null 2>err.txt; rc=$?
  [ $rc -eq 2 ] && grep -q 'bill.txt.amicus-review' err.txt && pass "check: bad review file ($content): exit 2" \
    || fail "check: bad review file ($content): exit $rc"
  "$amicus" review dismiss "$hedge" --reason x "${pack[@]}" bill.txt >/dev/null 2>err.txt; rc=$?
  [ $rc -eq 2 ] && cmp -s before bill.txt.amicus-review && pass "review: bad file left unchanged" \
    || fail "review: bad file ($content): exit $rc, changed: $(cat bill.txt.amicus-review)"
done
# a bad default review file of one document does not stop the others
cp "$fx/clean.txt" .
"$amicus" check "${pack[@]}" --format json bill.txt clean.txt >out.json 2>/dev/null; rc=$?
[ $rc -eq 2 ] && python3 -c "import json; d=json.load(open('out.json')); assert [x['file'] for x in d['documents']]==['clean.txt']" \
  && pass "bad review file: other documents still checked" || fail "bad review file with others: exit $rc"

finish

#!/usr/bin/env bash
# leaks.sh — check, outline, diff and matrix over the corpus (every text/ file, every originals/ file, Markdown and HTML texts, two drafts) under LeakSanitizer: fails on any leak or sanitizer report.
# usage: leaks.sh AMICUS_BINARY
#
# Needs an AddressSanitizer build (make asan; CI's asan stage), where LeakSanitizer checks at
# exit that everything was freed; with any other binary it skips (exit 77: ctest shows
# "Skipped"). The corpus comes from $AMICUS_CORPUS (default ../shared/corpus); missing, the
# test skips, or fails under CI=true.
set -u
# shellcheck source=../support/common.sh
source "${AMICUS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/common.sh"
# not skip(): every build but the ASan one skips this, under CI=true too
if ! { nm -D "$amicus" 2>/dev/null | grep -q __asan_init || ldd "$amicus" 2>/dev/null | grep -q libasan; }; then
  echo "SKIP: $amicus is not an AddressSanitizer build (LeakSanitizer runs in 'make asan')"
  exit 77
fi
need_corpus text
# leaks reported at exit; a leak or any other report is exit 23 and a report on stderr
export ASAN_OPTIONS="detect_leaks=1:exitcode=23:${ASAN_OPTIONS:-}"
export LSAN_OPTIONS="exitcode=23:${LSAN_OPTIONS:-}"
runs=0

# run WANT_RCS LABEL CMD...: CMD exits with one of WANT_RCS (regex), no sanitizer report
run() {
  local want=$1 label=$2
  shift 2
  runs=$((runs + 1))
  local t0=$SECONDS
  timeout -k 5 900 "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  label="$label, $((SECONDS - t0)) s"
  if grep -qE 'LeakSanitizer|AddressSanitizer|runtime error:' "$tmp/err"; then
    fail "$label: sanitizer report (exit $rc):"
    grep -m 20 -E 'ERROR|SUMMARY|#[0-9] ' "$tmp/err" | sed 's/^/    /' >&2
  elif ! [[ "$rc" =~ ^($want)$ ]]; then
    fail "$label: exit $rc, want $want: $(head -c 300 "$tmp/err")"
  else
    echo "ok:   $label (exit $rc)"
  fi
}

texts=("$corpus"/text/*.txt)
originals=("$corpus"/originals/*)
# two Markdown and two HTML texts (the smallest: the formats, not the volume)
tops=($(ls -S "$corpus"/*.md | grep -v README | tail -2) $(ls -S "$corpus"/*.html | tail -2))

# check: every text/ file in one run (one renderer over many documents), the originals (PDF,
# Akoma Ntoso, LegalDocML.de, CLML, USLM, Formex) and the Markdown and HTML texts, in every
# output format across them
run "0|1" "check text/ (${#texts[@]} files, json)" "$amicus" check --format json "${texts[@]}"
run "0|1" "check originals/ (${#originals[@]} files, sarif)" "$amicus" check --format sarif "${originals[@]}"
run "0|1" "check Markdown and HTML texts (${#tops[@]} files, text)" "$amicus" check --color always "${tops[@]}"
run "0|1" "check a text (html)" "$amicus" check --format html "$corpus/text/us-18usc1030-cfaa.txt"
run "0|1" "check a text (md)" "$amicus" check --format md "$corpus/text/us-18usc1030-cfaa.txt"

# outline (one FILE per run): each format once — a text/ file, each original, a Markdown and an
# HTML text — in turn as text, JSON and Akoma Ntoso (check above parsed every file already)
k=0
for f in "$corpus/text/us-18usc1030-cfaa.txt" "${originals[@]}" "${tops[0]}" "${tops[2]}"; do
  [ -f "$f" ] || continue
  fmts=(text json akn)
  run "0" "outline --format ${fmts[$((k % 3))]} $(basename "$f")" "$amicus" outline --format "${fmts[$((k % 3))]}" "$f"
  k=$((k + 1))
done

# diff: two drafts of the same law (the smallest pair in versions/), in JSON and text
old=$(ls "$corpus"/versions/de-netzdg.*.md 2>/dev/null | head -1)
new=$(ls "$corpus"/versions/de-netzdg.*.md 2>/dev/null | tail -1)
if [ -n "$old" ] && [ "$old" != "$new" ]; then
  run "0|1" "diff $(basename "$old") $(basename "$new") (json)" "$amicus" diff --format json "$old" "$new"
  run "0|1" "diff --no-check (text)" "$amicus" diff --no-check --color always "$old" "$new"
else
  fail "versions/de-netzdg.*.md: two drafts not found"
fi

# matrix: the originals on two workers, and a bad input among them
printf 'Article 1\nabc\0def\n' >"$tmp/nul.txt"
run "0|1|2" "matrix originals/ (jsonl, 2 workers)" "$amicus" matrix -j 2 --format jsonl \
  "$corpus/originals" "$tmp/nul.txt"

if [ "$failures" -ne 0 ]; then
  echo "leaks: $failures of $runs runs failed" >&2
  exit 1
fi
echo "leaks: $runs runs, no leak"

#!/usr/bin/env bash
# run.sh — one browser test (report | serve | matrix) from ctest: checks node, playwright-core and Debian's chromium, then runs it.
#
# usage: tests/browser/run.sh report|serve|matrix AMICUS OUTDIR
# Skips (exit 77) when node, tests/browser/node_modules (npm ci) or /usr/bin/chromium are
# missing, and fails instead under CI=true. Screenshots and downloads go to OUTDIR (the build
# directory), never into git.
set -uo pipefail
mode=$1 amicus=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../support/common.sh
source "$here/../support/common.sh" "$amicus"
chromium=${AMICUS_CHROMIUM:-/usr/bin/chromium}

command -v node >/dev/null 2>&1 || skip "node is not installed (scripts/install-deps)"
[ -x "$chromium" ] || skip "$chromium is missing (apt-get install chromium)"
[ -f "$here/node_modules/playwright-core/package.json" ] ||
  skip "playwright-core is not installed (npm ci --prefix tests/browser)"

doc=$corpus/text/ke-computer-misuse-cybercrimes-act-2018.txt
if [ ! -f "$doc" ]; then
  ci && { echo "FAIL: corpus text $doc missing under CI=true"; exit 1; }
  echo "note: corpus text $doc missing; using the bundled example bill"
  doc=$src/examples/cybercrime-bill.txt
fi
mkdir -p "$out"
cd "$here" || exit 1
case "$mode" in
  report)
    "$amicus" check --format html -o "$out/report.html" "$doc"
    rc=$?
    [ $rc -le 1 ] || { echo "FAIL: amicus check --format html exit $rc"; exit 1; }
    node report.mjs "$out/report.html" "$out" ;;
  serve)
    node serve.mjs "$amicus" "$doc" "$out" ;;
  matrix)
    # a handful of corpus texts (symlinked) and a broken document; the page and its reports
    m=$out/matrix
    rm -rf "$m"
    mkdir -p "$m/laws"
    for f in text/ke-computer-misuse-cybercrimes-act-2018.txt text/us-18usc1030-cfaa.txt \
             text/sg-computer-misuse-act-1993.txt text/co-ley1273-2009-delitos-informaticos.es.txt \
             coe-budapest-convention-ets185.en-nl.md; do
      [ -f "$corpus/$f" ] && ln -s "$corpus/$f" "$m/laws/"
    done
    [ -e "$m/laws/ke-computer-misuse-cybercrimes-act-2018.txt" ] || cp "$doc" "$m/laws/"
    cp "$src/examples/cybercrime-bill.txt" "$m/laws/"
    printf '%%PDF-1.7\nnot a PDF\n' >"$m/laws/broken.pdf"
    "$amicus" matrix --format html -o "$m/matrix.html" "$m/laws"
    rc=$?
    [ $rc -eq 2 ] || { echo "FAIL: amicus matrix --format html exit $rc (want 2: one broken document)"; exit 1; }
    node matrix.mjs "$m/matrix.html" "$out" ;;
  *) echo "usage: run.sh report|serve|matrix AMICUS OUTDIR" >&2; exit 2 ;;
esac

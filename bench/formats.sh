#!/usr/bin/env bash
# formats.sh — PDF ingestion (amicus outline) against pdftotext on the same files, and DOCX and HTML throughput; appends a "formats" section to bench/README.md.
# usage: bench/formats.sh [path/to/amicus] [--runs N] [--no-readme]
#   needs poppler-utils (pdftotext) and python3-reportlab/python3-docx (scripts/install-deps)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
amicus=${1:-$src/build/amicus}
[ "${1:-}" ] && shift
runs=7
readme=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --no-readme) readme=0; shift ;;
    *) echo "formats.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
corpus=${AMICUS_CORPUS:-$src/../shared/corpus}
[ -x "$amicus" ] || { echo "formats.sh: no amicus binary at $amicus" >&2; exit 2; }
command -v pdftotext >/dev/null || { echo "formats.sh: pdftotext missing (apt-get install poppler-utils)" >&2; exit 2; }
py=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# median wall and mean CPU seconds of a command over $runs runs (one warm-up)
measure() {
  "$@" >/dev/null 2>&1
  local i walls=() cpus=()
  for ((i = 0; i < runs; i++)); do
    local t0 t1
    t0=$(date +%s%N)
    ( "$@" >/dev/null 2>&1 )
    t1=$(date +%s%N)
    walls+=($(( (t1 - t0) / 1000 )))
  done
  printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f", m/1e6}'
}
cpu() { # mean user+sys seconds via GNU time when present
  if [ -x /usr/bin/time ]; then
    local i s=0
    for ((i = 0; i < 3; i++)); do
      /usr/bin/time -f '%U %S' -o "$tmp/t" "$@" >/dev/null 2>&1
      s=$(awk -v s="$s" '{print s+$1+$2}' "$tmp/t")
    done
    awk -v s="$s" 'BEGIN{printf "%.3f", s/3}'
  else
    echo "-"
  fi
}

rows=()
row() { rows+=("| $1 | $2 | $3 | $4 | $5 |"); echo "$1: $3 s wall (median of $runs), $4 s CPU; $5"; }

for f in "$corpus/originals/de-bgbl-2024-i-17-milpersgleifog.pdf" "$corpus/originals/us-fedreg-2020-17221-faa-ad-nprm-2020.pdf" \
         "$corpus/originals/de-bgbl-2024-i-107-haushaltsfinanzierungsgesetz-2.pdf"; do
  [ -f "$f" ] || continue
  name=$(basename "$f")
  pages=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')
  a=$(measure "$amicus" outline --format json "$f"); ac=$(cpu "$amicus" outline --format json "$f")
  p=$(measure pdftotext "$f" -); pc=$(cpu pdftotext "$f" -)
  ratio=$(awk -v a="$a" -v p="$p" 'BEGIN{printf "%.2f", a/p}')
  row "$name (${pages:-?} pages)" "amicus outline --format json" "$a" "$ac" "${ratio}× pdftotext"
  row "$name (${pages:-?} pages)" "pdftotext FILE -" "$p" "$pc" "reference"
done

ke="$corpus/text/ke-computer-misuse-cybercrimes-act-2018.txt"
if [ -f "$ke" ] && "$py" -c 'import reportlab, docx' 2>/dev/null; then
  "$py" "$src/tests/fixtures/formats/make_fixtures.py" pdf "$ke" "$tmp/ke.pdf"
  "$py" "$src/tests/fixtures/formats/make_fixtures.py" docx "$ke" "$tmp/ke.docx"
  a=$(measure "$amicus" outline --format json "$tmp/ke.pdf"); p=$(measure pdftotext "$tmp/ke.pdf" -)
  row "Kenya Act 2018 as PDF ($(pdfinfo "$tmp/ke.pdf" | awk '/^Pages:/ {print $2}') pages, generated)" "amicus outline --format json" "$a" "$(cpu "$amicus" outline --format json "$tmp/ke.pdf")" "$(awk -v a="$a" -v p="$p" 'BEGIN{printf "%.2f", a/p}')× pdftotext"
  row "Kenya Act 2018 as PDF (generated)" "pdftotext FILE -" "$p" "$(cpu pdftotext "$tmp/ke.pdf" -)" "reference"
  kb=$(( $(wc -c <"$ke") / 1024 ))
  d=$(measure "$amicus" outline --format json "$tmp/ke.docx")
  row "Kenya Act 2018 as DOCX ($(( $(wc -c <"$tmp/ke.docx") / 1024 )) KiB, ${kb} KiB of text)" "amicus outline --format json" "$d" "$(cpu "$amicus" outline --format json "$tmp/ke.docx")" "$(awk -v d="$d" -v k="$kb" 'BEGIN{printf "%.0f KiB of text/s", k/d}')"
  t=$(measure "$amicus" outline --format json "$ke")
  row "Kenya Act 2018 as text (${kb} KiB)" "amicus outline --format json" "$t" "$(cpu "$amicus" outline --format json "$ke")" "baseline for the formats above"
fi
for h in "$corpus/es-codigo-penal-lo10-1995-incl-197-264.boe.es.html" "$corpus/ph-ra10175-cybercrime-prevention-act-2012.html"; do
  [ -f "$h" ] || continue
  kb=$(( $(wc -c <"$h") / 1024 ))
  t=$(measure "$amicus" outline --format json "$h")
  row "$(basename "$h") (${kb} KiB)" "amicus outline --format json" "$t" "$(cpu "$amicus" outline --format json "$h")" "$(awk -v t="$t" -v k="$kb" 'BEGIN{printf "%.0f KiB/s", k/t}')"
done
x="$corpus/originals/us-irtpa-2004-intelligence-reform-comps-8188.uslm.xml"
if [ -f "$x" ]; then
  kb=$(( $(wc -c <"$x") / 1024 ))
  t=$(measure "$amicus" outline --format json "$x")
  row "$(basename "$x") (${kb} KiB)" "amicus outline --format json" "$t" "$(cpu "$amicus" outline --format json "$x")" "$(awk -v t="$t" -v k="$kb" 'BEGIN{printf "%.0f KiB/s", k/t}')"
fi

if [ "$readme" -eq 1 ]; then
  {
    echo
    echo "## formats"
    echo
    echo "\`bench/formats.sh\` on $(date -u +%Y-%m-%d) ($(uname -m), load $(cut -d' ' -f1-3 /proc/loadavg), $("$amicus" --version 2>/dev/null | head -1), build: $(basename "$(dirname "$amicus")")): median wall time of $runs runs after a warm-up, mean CPU (user+system) of 3 runs."
    echo
    echo "| input | command | wall s | CPU s | note |"
    echo "|---|---|---|---|---|"
    printf '%s\n' "${rows[@]}"
  } >>"$here/README.md"
  echo "appended to bench/README.md"
fi

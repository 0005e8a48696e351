#!/usr/bin/env bash
# diff.sh — benchmark of `amicus diff`: real StGB versions, UNCAC and Title 18 against lightly edited copies; medians of wall and CPU time.
#
# usage: bench/diff.sh [path/to/amicus]     (default build/amicus; build it Release)
# Environment: AMICUS_CORPUS (default ../shared/corpus next to the source root), BENCH_RUNS
# (default 5), BENCH_OUT (directory for the edited copies, default build/bench).
# For each case: the whole process (`amicus diff`, reading and outlining both versions included),
# and the diff's own cost as `amicus diff --time` reports it (alignment and word diffs, wall and
# CPU). The median of BENCH_RUNS runs is printed as a Markdown table.
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
AMICUS=${1:-$src/build/amicus}
AMICUS=$(cd "$(dirname "$AMICUS")" && pwd)/$(basename "$AMICUS")
corpus=${AMICUS_CORPUS:-$src/../shared/corpus}
runs=${BENCH_RUNS:-5}
out=${BENCH_OUT:-$src/build/bench}
mkdir -p "$out"
[ -x "$AMICUS" ] || { echo "bench: $AMICUS is not an executable" >&2; exit 2; }

stgb_old=$corpus/versions/de-stgb.2012-07-02.md
stgb_new=$corpus/versions/de-stgb.2013-01-11.md
uncac=$corpus/un-uncac-2003.en-nl.md
t18=$corpus/text/us-usc-title18.txt
for f in "$stgb_old" "$stgb_new" "$uncac" "$t18"; do
  [ -f "$f" ] || { echo "bench: $f not found (set AMICUS_CORPUS)" >&2; exit 2; }
done

# lightly edited copies: a few words changed, an article renumbered, a sentence added
sed -e 's/^\(### Article  *\)35 /\135A /' \
    -e '0,/shall consider/s/shall consider/shall, subject to prior judicial authorisation, consider/' \
    -e '0,/appropriate measures/s/appropriate measures/necessary and proportionate measures/' \
    "$uncac" >"$out/uncac-edited.md"
sed -e 's/^§ 1030\./§ 1030A./' \
    -e '0,/intentionally accesses a computer without authorization/s//knowingly accesses a computer without authorization/' \
    -e '0,/shall be fined under this title or imprisoned not more than 20 years/s//shall be fined under this title or imprisoned not more than 25 years/' \
    "$t18" >"$out/t18-edited.txt"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(uname -sr)"
echo "amicus:  $("$AMICUS" version) ($AMICUS), commit $(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC'); median of $runs runs; load $(cut -d' ' -f1-3 /proc/loadavg) at the start"
echo

median() { sort -n | awk '{a[NR] = $1} END {if (!NR) {print "-"; exit} m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.0f", m}'; }

# case LABEL SIZE OPTIONS OLD NEW: one table row
case_row() {
  local label=$1 size=$2 opts=$3 old=$4 new=$5 i t0 t1 err
  local walls=() cpus=() dwalls=() dcpus=()
  for ((i = 0; i < runs; i++)); do
    err=$out/diff-time.txt
    t0=$(date +%s%N)
    /usr/bin/env time -f '%U %S' -o "$out/diff-rusage.txt" "$AMICUS" diff $opts --time "$old" "$new" >/dev/null 2>"$err" || true
    t1=$(date +%s%N)
    walls+=($(( (t1 - t0) / 1000000 )))
    cpus+=($(awk '{printf "%.0f", ($1 + $2) * 1000}' "$out/diff-rusage.txt" 2>/dev/null || echo 0))
    dwalls+=($(sed -n 's/.*diff: \([0-9.]*\) ms wall.*/\1/p' "$err"))
    dcpus+=($(sed -n 's/.*; \([0-9.]*\) ms CPU.*/\1/p' "$err"))
  done
  printf '| %s | %s | %s | %s ms | %s ms | %s ms | %s ms |\n' "$label" "$size" "${opts:-(with check)}" \
    "$(printf '%s\n' "${walls[@]}" | median)" "$(printf '%s\n' "${cpus[@]}" | median)" \
    "$(printf '%s\n' "${dwalls[@]}" | median)" "$(printf '%s\n' "${dcpus[@]}" | median)"
}

kb() { echo "$(( $(stat -c %s "$1") / 1024 )) KB"; }
echo "| case | size | options | process wall | process CPU | diff wall (--time) | diff CPU (--time) |"
echo "|---|---|---|---|---|---|---|"
case_row "StGB 2012-07-02 → 2013-01-11 (495 §§)" "$(kb "$stgb_old")" "--no-check" "$stgb_old" "$stgb_new"
case_row "UNCAC → edited copy" "$(kb "$uncac")" "--no-check" "$uncac" "$out/uncac-edited.md"
case_row "UNCAC → edited copy" "$(kb "$uncac")" "" "$uncac" "$out/uncac-edited.md"
case_row "Title 18 → edited copy (1,306 §§)" "$(kb "$t18")" "--no-check" "$t18" "$out/t18-edited.txt"
case_row "Title 18 → edited copy (1,306 §§)" "$(kb "$t18")" "" "$t18" "$out/t18-edited.txt"
echo
echo "diff wall (--time): alignment and word diffs alone. diff CPU (--time): all of amicus_diff_compute,"
echo "so with check it includes both amicus_check runs (the rules are compiled before it). Process times"
echo "add reading and outlining both versions and, with check, compiling the default pack."

#!/usr/bin/env bash
# langs.sh — a benchmark line per language: amicus check MB per CPU-second on that language's corpus texts (median of runs), and the cold compile of that language's pattern database.
#
# usage: bench/langs.sh [path/to/amicus]              (default build/amicus)
# Environment: AMICUS_CORPUS (default ../shared/corpus next to the source root), BENCH_RUNS
# (runs per command, default 5), BENCH_OUT (logs, default build/bench-langs), BENCH_LANGS
# (default "en es fr pt de ar"). Needs GNU time (/usr/bin/time).
#
# Texts: every non-JSON file of the corpus top level, text/ and versions/, grouped by the
# language amicus detects for the document (`amicus matrix --format csv`, column lang);
# multi-language documents (the English-then-Dutch treaties, lang "mul") are left out. Each
# language's files go to ONE `amicus check` process (the pack is loaded once), with the
# compiled databases cached; the line gives the median CPU time (user + system) and wall time
# of BENCH_RUNS runs, and MB per CPU-second, also after subtracting the start (loading the
# pack: the median CPU time of a check of a one-line file, warm). "cold compile" is the median CPU time of
# `amicus check --lang L` on a one-line file with an empty cache minus the same with a warm
# cache: the cost of compiling L's database (and nothing else) on first use.
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
AMICUS=$(realpath "${1:-$src/build/amicus}")
corpus=${AMICUS_CORPUS:-$src/../shared/corpus} runs=${BENCH_RUNS:-5} langs=${BENCH_LANGS:-en es fr pt de ar}
out=${BENCH_OUT:-$src/build/bench-langs}
[ -d "$corpus/text" ] || { echo "bench: $corpus/text not found (set AMICUS_CORPUS)" >&2; exit 2; }
[ -x "$AMICUS" ] || { echo "bench: $AMICUS is not executable (build first)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: GNU time missing (apt-get install time)" >&2; exit 2; }
mkdir -p "$out"
export AMICUS_CACHE=$out/cache
# the rule pack as committed (HEAD), as bench/matrix.sh does; BENCH_RULES=DIR for another
if [ -z "${BENCH_RULES:-}" ]; then
  rm -rf "$out/rules" && mkdir -p "$out/rules"
  git -C "$src" archive HEAD rules/default | tar -x -C "$out/rules"
  BENCH_RULES=$out/rules/rules/default
fi
export AMICUS_RULES=$BENCH_RULES

find "$corpus" "$corpus/text" "$corpus/versions" -maxdepth 1 -type f \
  \( -name '*.md' -o -name '*.txt' -o -name '*.html' \) ! -name README.md | sort >"$out/files.list"
"$AMICUS" matrix --format csv --fail-on none -j "$(nproc)" - <"$out/files.list" >"$out/matrix.csv" 2>"$out/matrix.err" || true
# file,status,error,title,jurisdiction,lang,...: the language amicus scans each file in
python3 - "$out/matrix.csv" "$out" <<'EOF'
import csv, sys, collections
rows = list(csv.DictReader(open(sys.argv[1], newline='')))
by = collections.defaultdict(list)
for r in rows:
    if r.get('status') == 'ok':
        by[r['lang']].append(r['file'])
for lang, files in by.items():
    with open(f"{sys.argv[2]}/files-{lang}.list", "w") as f:
        f.write("\n".join(sorted(files)) + "\n")
EOF

med() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
# cpu_wall CMD...: runs it, prints "cpu wall"
cpu_wall() {
  /usr/bin/time -f '%U %S %e' -o "$out/t" "$@" >/dev/null 2>>"$out/err.log" || true
  awk '{printf "%.3f %.3f\n", $1 + $2, $3}' "$out/t"
}
printf 'Article 1. Nothing.\n' >"$out/tiny.txt"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(uname -sr)"
echo "amicus:  $("$AMICUS" version) commit $(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC'); load $(cut -d' ' -f1-3 /proc/loadavg) at the start; $runs runs each"
echo
echo "| lang | files | MB | check CPU s (median) | check wall s (median) | MB per CPU-s | MB per CPU-s after start | cold compile CPU s | start CPU s |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for L in $langs; do
  list=$out/files-$L.list
  [ -s "$list" ] || { echo "| $L | 0 | | | | | | | |"; continue; }
  mapfile -t files <"$list"
  bytes=$(cat "${files[@]}" | wc -c)
  "$AMICUS" check --format json --fail-on none "${files[@]}" >/dev/null 2>&1 || true # warm the cache
  cpus=() walls=()
  for ((i = 0; i < runs; i++)); do
    read -r c w < <(cpu_wall "$AMICUS" check --format json --fail-on none "${files[@]}")
    cpus+=("$c"); walls+=("$w")
  done
  c=$(printf '%s\n' "${cpus[@]}" | med)
  w=$(printf '%s\n' "${walls[@]}" | med)
  colds=() warms=()
  for ((i = 0; i < runs; i++)); do
    rm -rf "$out/cold"
    read -r cc _ < <(AMICUS_CACHE=$out/cold cpu_wall "$AMICUS" check --lang "$L" --fail-on none "$out/tiny.txt")
    read -r cw _ < <(AMICUS_CACHE=$out/cold cpu_wall "$AMICUS" check --lang "$L" --fail-on none "$out/tiny.txt")
    colds+=("$cc"); warms+=("$cw")
  done
  cc=$(printf '%s\n' "${colds[@]}" | med)
  cw=$(printf '%s\n' "${warms[@]}" | med)
  awk -v l="$L" -v n="${#files[@]}" -v b="$bytes" -v c="$c" -v w="$w" -v cc="$cc" -v cw="$cw" 'BEGIN {
    mb = b / 1048576
    printf "| %s | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |\n", l, n, mb, c, w, (c > 0 ? mb / c : 0),
           (c > cw ? mb / (c - cw) : 0), cc - cw, cw }'
done
rm -rf "$out/cold"

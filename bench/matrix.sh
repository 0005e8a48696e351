#!/usr/bin/env bash
# matrix.sh — corpus-scale benchmark: amicus matrix over the bulk corpus and check on US Title 18, beside rg -f and textlint with the same patterns; medians, MB/s, peak memory.
#
# usage: bench/matrix.sh [path/to/amicus]            (default build/amicus)
# Environment: AMICUS_CORPUS (default ../shared/corpus next to the source root), BENCH_RUNS
# (runs per command, default 3; commands over BENCH_SLOW seconds, default 60, run once),
# BENCH_OUT (logs, default build/bench-matrix), BENCH_SLICE (every Nth bulk file for the rg
# slice, default 15), BENCH_TEXTLINT_KB (size of the textlint slice, default 300), BENCH_J1=1
# (also -j 1 over the bulk corpus), BENCH_RG_BULK=1 (also rg over the whole bulk corpus: ~15 CPU-min).
# Needs GNU time (/usr/bin/time, Debian package `time`); rg and textlint rows are skipped when
# missing (textlint: `npm ci` inside bench/). Wall times move with the machine's load: compare
# CPU seconds (user + system) across tools, and MB per CPU-second.
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
AMICUS=${1:-$src/build/amicus}
AMICUS=$(cd "$(dirname "$AMICUS")" && pwd)/$(basename "$AMICUS")
corpus=${AMICUS_CORPUS:-$src/../shared/corpus}
runs=${BENCH_RUNS:-3}
slow=${BENCH_SLOW:-60}
out=${BENCH_OUT:-$src/build/bench-matrix}
every=${BENCH_SLICE:-15}
tl_kb=${BENCH_TEXTLINT_KB:-300}
mkdir -p "$out"
bulk=$corpus/bulk
t18=$corpus/text/us-usc-title18.txt
[ -d "$bulk" ] && [ -f "$t18" ] || { echo "bench: $bulk or $t18 not found (set AMICUS_CORPUS)" >&2; exit 2; }
[ -x "$AMICUS" ] || { echo "bench: $AMICUS is not executable (build first)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: GNU time missing (apt-get install time)" >&2; exit 2; }
export AMICUS_CACHE=${AMICUS_CACHE:-$out/cache}
# the rule pack as committed (HEAD), so that a pack being edited in the work tree does not
# change or break the numbers; BENCH_RULES=DIR to use another
if [ -z "${BENCH_RULES:-}" ]; then
  rm -rf "$out/rules" && mkdir -p "$out/rules"
  git -C "$src" archive HEAD rules/default | tar -x -C "$out/rules"
  BENCH_RULES=$out/rules/rules/default
fi
export AMICUS_RULES=$BENCH_RULES
ncpu=$(nproc)

"$AMICUS" rules patterns >"$out/patterns.txt"
npat=$(grep -c '' "$out/patterns.txt")
find "$bulk" -type f -name '*.md' | sort >"$out/bulk.list"
awk -v n="$every" 'NR % n == 0' "$out/bulk.list" >"$out/slice.list"
bytes() { tr '\n' '\0' <"$1" | xargs -0 cat | wc -c; }
bulk_b=$(bytes "$out/bulk.list")
slice_b=$(bytes "$out/slice.list")
t18_b=$(wc -c <"$t18")
head -c $((tl_kb * 1024)) "$t18" >"$out/t18-slice.txt"
tl_b=$(wc -c <"$out/t18-slice.txt")

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
echo "machine: $ncpu cores, ${cpu:-unknown CPU}, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, $(uname -sr)"
echo "rules:   $AMICUS_RULES"
echo "amicus:  $("$AMICUS" version) commit $(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo '?'); $npat patterns (amicus rules patterns)"
echo "rg:      $(rg --version 2>/dev/null | sed -n 1p)"
echo "textlint: $("$src/bench/node_modules/.bin/textlint" --version 2>/dev/null || echo missing), node $(node --version 2>/dev/null || echo missing)"
echo "bytes:   bulk $bulk_b in $(grep -c '' "$out/bulk.list") files; rg slice (every ${every}th file) $slice_b; Title 18 $t18_b; textlint slice $tl_b"
echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC'); load $(cut -d' ' -f1-3 /proc/loadavg) at the start"
echo

# one NAME BYTES CMD: runs CMD (stdout to a file), prints "wall user sys maxrss_kb exit"
one() {
  local name=$1 cmd=$2 rc=0
  /usr/bin/time -f '%e %U %S %M' -o "$out/$name.time" bash -c "$cmd" >"$out/$name.out" 2>"$out/$name.err" || rc=$?
  echo "$(cat "$out/$name.time" | tail -1) $rc"
}
med() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

rows=()
# row LABEL NAME BYTES CMD
row() {
  local label=$1 name=$2 b=$3 cmd=$4 n=$runs walls=() cpus=() rss=() i r
  r=$(one "$name" "$cmd")
  set -- $r
  # amicus matrix exits 2 when a document failed (the bulk corpus holds empty ones): it
  # failed only when it wrote no row
  if [ "$5" -ge 2 ] && { [ "${name#matrix}" = "$name" ] || [ ! -s "$out/$name.out" ]; }; then
    echo "bench: '$label' failed (exit $5): $(head -c 300 "$out/$name.err")" >&2
    rows+=("| $label | (failed: exit $5) | | | | | | |"); return
  fi
  walls+=("$1"); cpus+=("$(echo "$2 + $3" | bc -l)"); rss+=("$4")
  if awk -v w="$1" -v s="$slow" 'BEGIN {exit !(w > s)}'; then n=1; fi
  for ((i = 1; i < n; i++)); do
    r=$(one "$name" "$cmd"); set -- $r
    walls+=("$1"); cpus+=("$(echo "$2 + $3" | bc -l)"); rss+=("$4")
  done
  local w c m mb
  w=$(printf '%s\n' "${walls[@]}" | med)
  c=$(printf '%s\n' "${cpus[@]}" | med)
  m=$(printf '%s\n' "${rss[@]}" | sort -n | tail -1)
  mb=$(echo "$b / 1048576" | bc -l)
  rows+=("$(awk -v l="$label" -v mb="$mb" -v w="$w" -v c="$c" -v m="$m" -v n="${#walls[@]}" -v cmd="$cmd" 'BEGIN {
    printf "| %s | %.1f | %.2f | %.2f | %.1f | %.2f | %.1f | %d |", l, mb, w, c, (w > 0 ? mb / w : 0), (c > 0 ? mb / c : 0), m / 1024, n }')")
  echo "  $label: wall $w s, CPU $c s, peak $(echo "$m / 1024" | bc) MiB (${#walls[@]} runs)" >&2
}

A=$(printf '%q' "$AMICUS")
# fill the compiled-database cache first, so that no measured run compiles the rules
"$AMICUS" check --format json --fail-on none "$t18" >/dev/null 2>&1 || true
P=$(printf '%q' "$out/patterns.txt")
row "amicus matrix --lang en -j $ncpu, bulk" matrix-bulk "$bulk_b" \
  "$A matrix --format jsonl --lang en --fail-on none -j $ncpu $(printf '%q' "$bulk")"
[ "${BENCH_J1:-0}" = 1 ] && row "amicus matrix --lang en -j 1, bulk" matrix-bulk-j1 "$bulk_b" \
  "$A matrix --format jsonl --lang en --fail-on none -j 1 $(printf '%q' "$bulk")"
row "amicus check, US Title 18" check-t18 "$t18_b" "$A check --format json --fail-on none $(printf '%q' "$t18")"
row "amicus matrix --lang en -j 1, rg slice" matrix-slice "$slice_b" \
  "$A matrix --format jsonl --lang en --fail-on none -j 1 - < $(printf '%q' "$out/slice.list")"
if command -v rg >/dev/null; then
  row "rg -c -i -f ($npat patterns), US Title 18" rg-t18 "$t18_b" "rg -c -i -f $P $(printf '%q' "$t18")"
  row "rg -c -i -f -j 1, rg slice of bulk" rg-slice "$slice_b" \
    "tr '\\n' '\\0' < $(printf '%q' "$out/slice.list") | xargs -0 rg -j 1 -c -i -f $P --no-messages"
  [ "${BENCH_RG_BULK:-0}" = 1 ] && row "rg -c -i -f, bulk (all cores)" rg-bulk "$bulk_b" "rg -c -i -f $P $(printf '%q' "$bulk")"
fi
tl=$src/bench/node_modules/.bin/textlint
if [ -x "$tl" ]; then
  row "textlint + amicus-patterns rule, Title 18 first ${tl_kb} KiB" textlint-t18 "$tl_b" \
    "cd $(printf '%q' "$src/bench") && AMICUS_PATTERNS=$P ./node_modules/.bin/textlint --rulesdir textlint-rules -f compact $(printf '%q' "$out/t18-slice.txt"); [ \$? -le 1 ]"
  node -e '
    let ok = 0, bad = 0;
    for (const l of require("fs").readFileSync(process.argv[1], "utf8").split("\n"))
      if (l) try { new RegExp(l, "giu"); ok++; } catch (e) { bad++; }
    console.log(`textlint rule: ${ok} of ${ok + bad} patterns compile as JavaScript regexps (flags giu)`);' "$out/patterns.txt"
fi

echo
echo "| what | MB | median wall s | median CPU s | MB/s wall | MB per CPU s | peak RSS MiB | runs |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"

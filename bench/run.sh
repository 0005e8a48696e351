#!/usr/bin/env bash
# run.sh — whole-process benchmarks of amicus (outline, check) beside raw-scan peers; medians, peak memory, machine.
#
# usage: bench/run.sh [path/to/amicus]      (default build/amicus; `make bench` builds it first)
# Environment: AMICUS_CORPUS (default ../shared/corpus next to the source root), BENCH_RUNS
# (default 10), BENCH_WARMUP (default 2), BENCH_OUT (directory for JSON and logs, default
# build/bench). Uses hyperfine when installed (scripts/install-deps --bench), else a loop timed
# with date +%s%N. Peak memory from GNU time (/usr/bin/time -v). Prints a Markdown table.
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
AMICUS=${1:-$src/build/amicus}
AMICUS=$(cd "$(dirname "$AMICUS")" && pwd)/$(basename "$AMICUS")
corpus=${AMICUS_CORPUS:-$src/../shared/corpus}
runs=${BENCH_RUNS:-10}
warmup=${BENCH_WARMUP:-2}
out=${BENCH_OUT:-$src/build/bench}
mkdir -p "$out"

t18=$corpus/text/us-usc-title18.txt
bud=$corpus/coe-budapest-convention-ets185.en-nl.md
for f in "$t18" "$bud"; do
  [ -f "$f" ] || { echo "bench: $f not found (set AMICUS_CORPUS)" >&2; exit 2; }
done
[ -x "$AMICUS" ] || { echo "bench: $AMICUS is not an executable (run make first)" >&2; exit 2; }

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
echo "machine: $(nproc) cores, ${cpu:-unknown CPU}, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, $(uname -sr)"
echo "amicus:  $("$AMICUS" version 2>/dev/null || echo '?') ($AMICUS), commit $(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC'); $runs runs after $warmup warm-up runs (3 and none for commands over 2 s)"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the start"
echo

have_hyperfine=0
command -v hyperfine >/dev/null 2>&1 && have_hyperfine=1

# measure NAME CMD RUNS WARMUP: prints "MEDIAN_WALL_MS CPU_MS" (CPU = mean user+sys, "-" when
# unknown). CPU time is what to compare on a shared, loaded machine; wall time is what users see.
measure() {
  local name=$1 cmd=$2 n=$3 w=$4
  if [ $have_hyperfine -eq 1 ]; then
    hyperfine -N --style none --warmup "$w" --runs "$n" -i \
      --export-json "$out/$name.json" "$cmd" >"$out/$name.log" 2>&1 || true
    node -e '
      const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).results[0];
      process.stdout.write((r.median * 1000).toFixed(1) + " " + ((r.user + r.system) * 1000).toFixed(1));' "$out/$name.json"
  else
    local times=() i t0 t1
    for ((i = 0; i < w; i++)); do bash -c "$cmd" >/dev/null 2>&1 || true; done
    for ((i = 0; i < n; i++)); do
      t0=$(date +%s%N); bash -c "$cmd" >/dev/null 2>&1 || true; t1=$(date +%s%N)
      times+=($(( (t1 - t0) / 1000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n |
      awk '{a[NR] = $1} END {m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.1f -", m / 1000}'
  fi
}

# peak_mb CMD: peak resident set size in MiB (GNU time), "-" when unavailable
peak_mb() {
  if [ -x /usr/bin/time ]; then
    { /usr/bin/time -v bash -c "exec $1" 2>&1 >/dev/null || true; } |
      awk -F: '/Maximum resident set size/ {printf "%.1f", $2 / 1024}'
  else
    printf -- '-'
  fi
}

# row LABEL NAME CMD: one line of the table; checks the command works first
rows=()
row() {
  local label=$1 name=$2 cmd=$3 rc=0 t0 t1
  t0=$(date +%s%N)
  bash -c "$cmd" >"$out/$name.out" 2>"$out/$name.err" || rc=$?
  t1=$(date +%s%N)
  if [ $rc -ge 2 ]; then
    echo "bench: skipped '$label': exit $rc: $(head -c 200 "$out/$name.err")" >&2
    rows+=("| $label | (failed: exit $rc) | | | | |")
    return
  fi
  # slow commands (over 2 s once) get 3 runs and no warm-up
  local n=$runs w=$warmup
  if [ $(( (t1 - t0) / 1000000 )) -gt 2000 ]; then n=3; w=0; fi
  local m ms cpu mb
  m=$(measure "$name" "$cmd" "$n" "$w")
  ms=${m% *}
  cpu=${m#* }
  mb=$(peak_mb "$cmd")
  local shown=${cmd//$corpus\//}
  shown=${shown//$AMICUS/amicus}
  shown=${shown//$out\//}
  rows+=("| $label | $ms | $cpu | $mb | $n | \`$shown\` |")
  echo "  $label: $ms ms wall, $cpu ms CPU, $mb MiB" >&2
}

q() { printf '%q' "$1"; }
T18=$(q "$t18")
BUD=$(q "$bud")
AM=$(q "$AMICUS")

row "outline --format json, US Title 18 (2.5 MB)" outline-t18 "$AM outline --format json $T18"
row "outline --format json, Budapest Convention (145 kB, en+nl)" outline-budapest "$AM outline --format json $BUD"
row "floor: wc -l, US Title 18" wc-t18 "wc -l $T18"
row "floor: grep -c '^§', US Title 18" grep-t18 "grep -c '^§' $T18"

# check, and the raw multi-pattern scan with the same patterns, once they exist
if "$AMICUS" check --help >/dev/null 2>&1; then
  row "check, US Title 18" check-t18 "$AM check $T18"
  row "check, Budapest Convention" check-budapest "$AM check $BUD"
else
  echo "bench: 'amicus check' not available yet; skipped" >&2
fi
if "$AMICUS" rules patterns >"$out/patterns.txt" 2>/dev/null && [ -s "$out/patterns.txt" ]; then
  npat=$(grep -c '' "$out/patterns.txt")
  if command -v rg >/dev/null 2>&1; then
    P=$(q "$out/patterns.txt")
    row "peer: rg -c -i -f patterns.txt ($npat patterns), US Title 18" rg-t18 "rg -c -i -f $P $T18"
    row "peer: rg --pcre2 -c -i -f patterns.txt, US Title 18" rg-pcre2-t18 "rg --pcre2 -c -i -f $P $T18"
  else
    echo "bench: ripgrep not installed (scripts/install-deps --bench); rg row skipped" >&2
  fi
else
  echo "bench: 'amicus rules patterns' not available yet; rg row skipped" >&2
fi

echo "| what | median wall ms | mean CPU ms | peak RSS MiB | runs | command |"
echo "|---|---:|---:|---:|---:|---|"
printf '%s\n' "${rows[@]}"

#!/usr/bin/env bash
# run.sh — run every libFuzzer target in BUILD_DIR for SECONDS each, with seeds and dictionaries; non-zero on any crash.
#
# usage: fuzz/run.sh BUILD_DIR [SECONDS] [TARGET...]
# Seeds: for targets that read documents, files of $AMICUS_CORPUS (default ../shared/corpus
# next to the source root; its top level and text/), tests/fixtures and examples/; for
# *rules* targets the rule packs in rules/; for *review* targets none of those; and for every
# target fuzz/seeds/TARGET/ when present. Dictionaries: fuzz/dict/legal.dict + format.dict +
# fuzz/dict/TARGET.dict when present. The growing corpus lives in BUILD_DIR/fuzz-corpus/TARGET,
# crash/leak/timeout files in BUILD_DIR/fuzz-artifacts/TARGET (never in the source tree).
# Environment: FUZZ_MAX_LEN (default 8192), FUZZ_TIMEOUT per input (default 20 s),
# FUZZ_RSS_MB (default 2048), FUZZ_ARGS (extra libFuzzer flags).
set -euo pipefail

if [ $# -lt 1 ]; then
  echo "usage: fuzz/run.sh BUILD_DIR [SECONDS] [TARGET...]" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
secs=${2:-30}
shift $(( $# >= 2 ? 2 : 1 ))
src=$(cd "$(dirname "$0")/.." && pwd)
corpus=${AMICUS_CORPUS:-$src/../shared/corpus}
max_len=${FUZZ_MAX_LEN:-8192}

targets=()
if [ $# -gt 0 ]; then
  for t in "$@"; do targets+=("$build/fuzz/$t"); done
else
  for t in "$build"/fuzz/fuzz_*; do
    [ -f "$t" ] && [ -x "$t" ] && targets+=("$t")
  done
fi
if [ ${#targets[@]} -eq 0 ]; then
  echo "fuzz/run.sh: no fuzz targets in $build/fuzz (configure with CC=clang -DAMICUS_FUZZ=ON)" >&2
  exit 2
fi
if [ ! -d "$corpus" ]; then
  if [ "${CI:-}" = true ]; then
    echo "fuzz/run.sh: corpus not found at $corpus (CI=true: it must be there)" >&2
    exit 1
  fi
  echo "fuzz/run.sh: corpus not found at $corpus; seeding from fixtures only" >&2
fi

# One flat seed directory shared by every target (libFuzzer reads directories, not files).
seeds=$build/fuzz-seeds
rm -rf "$seeds"
mkdir -p "$seeds"
add_seeds() { # dir [find args...]
  local d=$1; shift
  [ -d "$d" ] || return 0
  find "$d" -maxdepth 1 -type f -size -4M "$@" -print0 |
    while IFS= read -r -d '' f; do
      cp "$f" "$seeds/$(printf '%s' "$f" | cksum | cut -d' ' -f1)-$(basename "$f")"
    done
}
add_seeds "$corpus" ! -name '*.tsv'
add_seeds "$corpus/text"
add_seeds "$src/tests/fixtures"
add_seeds "$src/examples"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

status=0
summary=()
for t in "${targets[@]}"; do
  name=$(basename "$t")
  work=$build/fuzz-corpus/$name
  art=$build/fuzz-artifacts/$name
  mkdir -p "$work" "$art"
  dict=$build/fuzz-$name.dict
  cat "$src/fuzz/dict/legal.dict" "$src/fuzz/dict/format.dict" > "$dict"
  [ -f "$src/fuzz/dict/$name.dict" ] && cat "$src/fuzz/dict/$name.dict" >> "$dict"
  # documents seed every target that reads documents; rule files and review files are not
  # documents, so their targets start from their own seeds only
  extra_seeds=("$seeds")
  case "$name" in
    *rules*) extra_seeds=(); for d in "$src"/rules/*/; do [ -d "$d" ] && extra_seeds+=("$d"); done ;;
    *review*) extra_seeds=() ;;
  esac
  [ -d "$src/fuzz/seeds/$name" ] && extra_seeds+=("$src/fuzz/seeds/$name")
  # inputs that once crashed this target (also replayed by ctest: fuzz_regress_TARGET)
  [ -d "$src/tests/fuzz/$name" ] && extra_seeds+=("$src/tests/fuzz/$name")
  echo "== $name: ${secs}s, seeds ${extra_seeds[*]:-none}"
  start=$(date +%s)
  set +e
  # shellcheck disable=SC2086
  "$t" -max_total_time="$secs" -max_len="$max_len" -timeout="${FUZZ_TIMEOUT:-20}" \
       -rss_limit_mb="${FUZZ_RSS_MB:-2048}" -print_final_stats=1 \
       -artifact_prefix="$art/" -dict="$dict" ${FUZZ_ARGS:-} \
       "$work" "${extra_seeds[@]}" > "$build/fuzz-$name.log" 2>&1
  rc=$?
  set -e
  took=$(( $(date +%s) - start ))
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$build/fuzz-$name.log" | grep -o '[0-9]*$' || true)
  cov=$(grep -o 'cov: [0-9]*' "$build/fuzz-$name.log" | tail -1 || true)
  if [ $rc -ne 0 ]; then
    status=1
    echo "!! $name FAILED (exit $rc) after ${took}s; log: $build/fuzz-$name.log; artifacts: $art" >&2
    grep -E 'ERROR: |SUMMARY: |runtime error|invariant failed|Test unit written' "$build/fuzz-$name.log" | head -20 >&2 || true
    tail -n 40 "$build/fuzz-$name.log" >&2
    summary+=("$name: FAILED (exit $rc)")
  else
    echo "   $name ok in ${took}s: ${runs:-?} runs, ${cov:-cov ?}"
    summary+=("$name: ok, ${runs:-?} runs, ${cov:-cov ?}")
  fi
done
echo "== fuzz summary"
printf '   %s\n' "${summary[@]}"
exit $status

#!/usr/bin/env bash
# bad_input.sh — hostile and broken inputs to the CLI: one-line error naming the file, exit 2, no crash, nothing on stdout.
# usage: bad_input.sh path/to/amicus
set -uo pipefail
# shellcheck source=../support/common.sh
source "${AMICUS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/common.sh"

# Commands that open documents. `check` joins once it is more than a stub.
cmds=(outline)
if "$amicus" check --help >/dev/null 2>&1; then cmds+=(check); fi

# run CMD FILE [ARGS...]: sets rc, out, errf, ms (wall time) and cpu_ms (user + system time of
# the command, which a loaded machine hardly changes), in milliseconds
run() {
  local cmd=$1 file=$2; shift 2
  local t0 t1 u s
  t0=$(date +%s%N)
  { TIMEFORMAT='%3U %3S'; time timeout 30 "$amicus" "$cmd" "$@" "$file" >"$tmp/out" 2>"$tmp/err"; } 2>"$tmp/time"
  rc=$?
  t1=$(date +%s%N)
  ms=$(( (t1 - t0) / 1000000 ))
  read -r u s <"$tmp/time" || true
  cpu_ms=$(awk -v u="${u:-0}" -v s="${s:-0}" 'BEGIN {printf "%d", (u + s) * 1000}')
}

# expect_error LABEL FILE [REGEX-THAT-STDERR-MUST-MATCH] [-- extra args]
expect_error() {
  local label=$1 file=$2 want=${3:-}
  shift $(( $# >= 3 ? 3 : 2 ))
  for cmd in "${cmds[@]}"; do
    run "$cmd" "$file" "$@"
    local what="$cmd: $label"
    local ok=1
    if [ "$rc" -ge 128 ] || [ "$rc" -eq 124 ]; then
      fail "$what: crashed or hung (exit $rc)"; ok=0
    elif [ "$rc" -ne 2 ]; then
      fail "$what: exit $rc, want 2"; ok=0
    fi
    if [ -s "$tmp/out" ]; then fail "$what: wrote to stdout: $(head -c 200 "$tmp/out")"; ok=0; fi
    local lines
    lines=$(grep -c '' "$tmp/err")
    if [ "$lines" -ne 1 ]; then
      fail "$what: want a one-line error, got $lines lines: $(head -c 300 "$tmp/err")"; ok=0
    fi
    if ! grep -qF -- "$file" "$tmp/err"; then
      fail "$what: error does not name the file: $(head -c 300 "$tmp/err")"; ok=0
    fi
    if [ -n "$want" ] && ! grep -qE -- "$want" "$tmp/err"; then
      fail "$what: error does not match /$want/: $(head -c 300 "$tmp/err")"; ok=0
    fi
    if grep -qiE 'AddressSanitizer|runtime error|LeakSanitizer' "$tmp/err"; then
      fail "$what: sanitizer report"; ok=0
    fi
    [ $ok -eq 1 ] && pass "$what -> $(cat "$tmp/err")"
  done
}

# empty file
: >"$tmp/empty.txt"
expect_error "empty file" "$tmp/empty.txt"

# a binary (an executable: NUL bytes everywhere)
cp "$(command -v ls)" "$tmp/binary.txt"
expect_error "binary file" "$tmp/binary.txt"

# NUL byte inside otherwise good text, at byte 13 (line 2, column 4)
printf 'Article 1\nabc\0def\n' >"$tmp/nul.txt"
expect_error "NUL byte" "$tmp/nul.txt" '(byte 13|offset 13|:2:4)'

# JSON data (a per-provision extract, as in the corpus's *.ansvar-seed.json): refused at 1:1, never
# read as a "text" of braces and keys with absence findings on it; a bracketed footnote mark at the
# start of a real text is still text
printf '{\n  "id": "x",\n  "provisions": [{"section": "1", "content": "Article 1 Any person"}]\n}\n' >"$tmp/seed.txt"
expect_error "JSON object" "$tmp/seed.txt" ':1:1: this is JSON data'
printf '  [\n  {"a": 1}, 2]' >"$tmp/arr.md"
expect_error "JSON array" "$tmp/arr.md" 'JSON data'
if [ -f "$corpus/sa-anti-cyber-crime-law-2007.ansvar-seed.ar.json" ]; then
  expect_error "corpus JSON extract" "$corpus/sa-anti-cyber-crime-law-2007.ansvar-seed.ar.json" 'JSON data'
fi
printf '[1] Article 1\nAny person who accesses a computer commits an offence.\n' >"$tmp/footnote.txt"
run outline "$tmp/footnote.txt"
if [ "$rc" -eq 0 ] && grep -q 'Art' "$tmp/out"; then pass "outline: text starting with [1] is text"
else fail "outline: text starting with [1]: exit $rc: $(head -c 200 "$tmp/err")"; fi

# a directory
mkdir "$tmp/adir"
expect_error "directory" "$tmp/adir"

# a missing file
expect_error "missing file" "$tmp/does-not-exist.txt"

# an unreadable file (only meaningful when not root)
if [ "$(id -u)" -ne 0 ]; then
  echo "Article 1" >"$tmp/noread.txt"
  chmod 000 "$tmp/noread.txt"
  expect_error "unreadable file" "$tmp/noread.txt"
fi

# over the size limit: a 1 GB sparse file is refused at once, before reading
truncate -s 1G "$tmp/huge.txt"
expect_error "1 GB sparse file" "$tmp/huge.txt" 'limit'
# "At once": before reading. Measured in CPU time (user + system), which a loaded machine or a
# sanitizer build barely moves: under 1 s, and within 0.3 s of what the same command spends
# refusing a missing file (check compiles its rule pack only once a readable document needs
# it, so it too refuses bad inputs at once). Best of 2 (of 1 for check).
best_cpu() { # CMD FILE
  local best=999999 i n=2
  [ "$1" = outline ] || n=1 # keep check runs few: they are slower under sanitizers
  for ((i = 0; i < n; i++)); do run "$1" "$2"; [ "$cpu_ms" -lt "$best" ] && best=$cpu_ms; done
  echo "$best"
}
for cmd in "${cmds[@]}"; do
  huge_cpu=$(best_cpu "$cmd" "$tmp/huge.txt")
  base_cpu=$(best_cpu "$cmd" "$tmp/does-not-exist.txt")
  limit=1000
  if [ "$huge_cpu" -lt "$limit" ] && [ $((huge_cpu - base_cpu)) -lt 300 ]; then
    pass "$cmd: 1 GB refused in ${huge_cpu} ms CPU (missing file: ${base_cpu} ms)"
  else
    fail "$cmd: 1 GB file took ${huge_cpu} ms CPU to refuse (missing file: ${base_cpu} ms; want < $limit and within 300)"
  fi
done

# over a lowered limit
printf 'Article 1\nEach Party shall adopt such measures.\n' >"$tmp/small.txt"
expect_error "--max-input 10" "$tmp/small.txt" 'limit' --max-input 10

# invalid UTF-8 in otherwise UTF-8 text: repaired with a warning naming the byte offset,
# the outline still produced (exit 0). The 0xFF byte is at byte 29 (0-based, like every offset in amicus).
printf 'Article 1 \xe2\x80\x94 D\xc3\xa9finitions\nab\xffcd means x.\n' >"$tmp/badutf8.txt"
for cmd in outline; do
  run "$cmd" "$tmp/badutf8.txt" --format json
  what="$cmd: invalid UTF-8"
  if [ "$rc" -ne 0 ]; then
    fail "$what: exit $rc, want 0 (repair with a warning): $(head -c 300 "$tmp/err")"
  elif ! grep -qiE 'warning' "$tmp/err" || ! grep -qF "$tmp/badutf8.txt" "$tmp/err"; then
    fail "$what: no warning naming the file: $(head -c 300 "$tmp/err")"
  elif ! grep -qE '(^|[^0-9])29([^0-9]|$)' "$tmp/err"; then
    fail "$what: warning does not name byte offset 29: $(head -c 300 "$tmp/err")"
  elif ! node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$tmp/out"; then
    fail "$what: output is not valid JSON"
  else
    pass "$what -> $(head -1 "$tmp/err")"
  fi
done

finish

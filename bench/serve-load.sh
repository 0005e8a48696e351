#!/usr/bin/env bash
# serve-load.sh — load test of `amicus serve` on loopback with wrk: POST a 100 KB text to /report, errors, latency percentiles, RSS before and after.
#
# usage: bench/serve-load.sh [path/to/amicus]   (default build/amicus; use a Release build)
# Environment: CONNECTIONS (32), DURATION (30s), WRK_THREADS (2), FORMAT (html), SERVE_THREADS
# (amicus serve --threads, default its own), RESULTS (bench/RESULTS.md: the "## serve" section is
# replaced or appended; other sections are left alone), NO_RESULTS=1 to only print.
# Needs wrk (scripts/install-deps --bench). Loopback only: the server binds 127.0.0.1.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
amicus=$(realpath "${1:-$src/build/amicus}")
CONNECTIONS=${CONNECTIONS:-32} DURATION=${DURATION:-30s} WRK_THREADS=${WRK_THREADS:-2} FORMAT=${FORMAT:-html}
RESULTS=${RESULTS:-$here/RESULTS.md}
command -v wrk >/dev/null || { echo "serve-load: wrk is not installed (scripts/install-deps --bench)" >&2; exit 2; }
[ -x "$amicus" ] || { echo "serve-load: no amicus binary at $amicus" >&2; exit 2; }

work=$(mktemp -d)
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# a 100 KB legal text: the Kenyan Computer Misuse and Cybercrimes Act, then the Singapore
# Computer Misuse Act, cut at a line end below 100 KiB (the bundled example bill, repeated,
# without the corpus)
corpus=${AMICUS_CORPUS:-$src/../shared/corpus}
if [ -f "$corpus/text/ke-computer-misuse-cybercrimes-act-2018.txt" ]; then
  cat "$corpus/text/ke-computer-misuse-cybercrimes-act-2018.txt" "$corpus/text/sg-computer-misuse-act-1993.txt" > "$work/all.txt"
  what="Kenya CMCA 2018 + Singapore CMA 1993 (corpus)"
else
  for _ in $(seq 1 30); do cat "$src/examples/cybercrime-bill.txt"; done > "$work/all.txt"
  what="examples/cybercrime-bill.txt repeated"
fi
head -c 102400 "$work/all.txt" | sed '$d' > "$work/body.txt"
bytes=$(stat -c %s "$work/body.txt")

cat > "$work/post.lua" <<'LUA'
-- POST the document as the raw body of /report (amicus serve reads any non-form body as the document)
local f = assert(io.open(os.getenv("AMICUS_LOAD_BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "text/plain; charset=utf-8"
LUA

args=(serve --port 0)
[ -n "${SERVE_THREADS:-}" ] && args+=(--threads "$SERVE_THREADS")
"$amicus" "${args[@]}" > "$work/serve.out" 2> "$work/serve.err" &
server=$!
for _ in $(seq 1 600); do grep -q 'listening on' "$work/serve.out" 2>/dev/null && break; sleep 0.2; done
url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$work/serve.out") || { cat "$work/serve.err" >&2; exit 1; }
endpoint="${url}report?format=$FORMAT&name=load.txt"
rss() { awk '/^VmRSS/ {print $2}' "/proc/$server/status"; }
hwm() { awk '/^VmHWM/ {print $2}' "/proc/$server/status"; }

# one request first: a check that the endpoint answers 200, and the baseline memory after it
code=$(curl -s -o "$work/one.out" -w '%{http_code}' --data-binary @"$work/body.txt" -H 'Content-Type: text/plain' "$endpoint")
[ "$code" = 200 ] || { echo "serve-load: warm-up request got HTTP $code" >&2; head -c 500 "$work/one.out" >&2; exit 1; }
out_bytes=$(stat -c %s "$work/one.out")
rss_start=$(rss)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

echo "wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION POST $endpoint ($bytes bytes in, $out_bytes bytes out)"
AMICUS_LOAD_BODY="$work/body.txt" wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 60s --latency \
  -s "$work/post.lua" "$endpoint" | tee "$work/wrk.out"
rss_end=$(rss)
peak=$(hwm)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
code=$(curl -s -o /dev/null -w '%{http_code}' --data-binary @"$work/body.txt" -H 'Content-Type: text/plain' "$endpoint")
kill -TERM "$server"
set +e
wait "$server"
rc=$?
set -e
server=

requests=$(awk '/requests in/ {print $1}' "$work/wrk.out")
rps=$(awk '/^Requests\/sec/ {print $2}' "$work/wrk.out")
non2xx=$(awk '/Non-2xx/ {print $NF}' "$work/wrk.out"); non2xx=${non2xx:-0}
sockerr=$(awk '/Socket errors/ {gsub(",",""); print $4+$6+$8+$10}' "$work/wrk.out"); sockerr=${sockerr:-0}
pct() { awk -v p="$1" '$1 == p {print $2}' "$work/wrk.out"; }
errors=$((non2xx + sockerr))
printf '\nrequests %s (%s/s), errors %s (non-2xx %s, socket %s), p50 %s p75 %s p90 %s p99 %s\n' \
  "$requests" "$rps" "$errors" "$non2xx" "$sockerr" "$(pct 50%)" "$(pct 75%)" "$(pct 90%)" "$(pct 99%)"
printf 'RSS %s kB after the first request, %s kB after the load (peak %s kB); after the load: HTTP %s; SIGTERM: exit %s\n' \
  "$rss_start" "$rss_end" "$peak" "$code" "$rc"

if [ "${NO_RESULTS:-}" != 1 ]; then
  section=$(cat <<MD
## serve

\`bench/serve-load.sh\` on $(date -u +%Y-%m-%d) ($(nproc) cores, shared; load average $load_before before, $load_after after):
\`amicus serve\` ($(basename "$(dirname "$amicus")") build, default threads) on 127.0.0.1, \`wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION --latency\`
POSTing a $bytes-byte text ($what) to \`/report?format=$FORMAT\` ($out_bytes bytes of HTML back per request).

| requests | req/s | errors (non-2xx + socket) | p50 | p75 | p90 | p99 |
|---|---|---|---|---|---|---|
| $requests | $rps | $errors ($non2xx + $sockerr) | $(pct 50%) | $(pct 75%) | $(pct 90%) | $(pct 99%) |

Memory (RSS of the server): $rss_start kB after start and one request, $rss_end kB after the
load, peak $peak kB. A request after the load: HTTP $code. SIGTERM: exit $rc.
MD
)
  touch "$RESULTS"
  python3 - "$RESULTS" "$section" <<'PY'
import re, sys
path, section = sys.argv[1], sys.argv[2].rstrip() + "\n"
text = open(path).read()
m = re.search(r"^## serve\n.*?(?=^## |\Z)", text, flags=re.S | re.M)
if m:
    text = text[:m.start()] + section + ("\n" if text[m.end():] else "") + text[m.end():]
else:
    if not text.strip():
        text = "# Benchmark results\n"
    text = text.rstrip("\n") + "\n\n" + section
open(path, "w").write(text)
PY
  echo "written to $RESULTS (## serve)"
fi
[ "$errors" = 0 ] && [ "$code" = 200 ] && [ "$rc" = 0 ]

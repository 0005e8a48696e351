#!/usr/bin/env bash
# outline_json.sh — `amicus outline --format json` is valid JSON with the documented top-level fields; text format works too.
# usage: outline_json.sh path/to/amicus
set -uo pipefail
# shellcheck source=../support/common.sh
source "${AMICUS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/common.sh"

cat >"$tmp/small.txt" <<'TXT'
Model Law on Computer Misuse

Article 1 - Definitions
In this Law, "computer system" means any device that processes data automatically.

Article 2 - Illegal access
A person who, without right, accesses a computer system commits an offence.
TXT

# check_json FILE: the outline of FILE parses and has the documented shape
check_json() {
  local f=$1
  if ! timeout 60 "$amicus" outline --format json "$f" >"$tmp/out.json" 2>"$tmp/err"; then
    fail "outline --format json $f: exit $?: $(head -c 300 "$tmp/err")"
    return
  fi
  if ! node - "$tmp/out.json" "$f" <<'JS'
const fs = require("fs");
const [file, name] = process.argv.slice(2);
let o;
try { o = JSON.parse(fs.readFileSync(file, "utf8")); }
catch (e) { console.error(`${name}: not valid JSON: ${e.message}`); process.exit(1); }
const errs = [];
const isArr = (k) => Array.isArray(o[k]) || errs.push(`"${k}" is not an array`);
if (typeof o !== "object" || o === null || Array.isArray(o)) errs.push("top level is not an object");
else {
  if (typeof o.schema !== "string" || !o.schema.startsWith("amicus-outline/")) errs.push(`schema is ${JSON.stringify(o.schema)}`);
  ["provisions", "definitions", "references", "health"].forEach(isArr);
  if (typeof o.tree !== "object" || o.tree === null) errs.push('"tree" is not an object');
  else {
    if (o.tree.type !== "document") errs.push(`tree.type is ${JSON.stringify(o.tree.type)}`);
    if (!Array.isArray(o.tree.children)) errs.push("tree.children is not an array");
  }
  for (const p of o.provisions || []) {
    for (const k of ["kind", "number", "label", "lang", "start", "end", "line", "children"])
      if (!(k in p)) errs.push(`provision ${JSON.stringify(p.label)} lacks "${k}"`);
    if (p.start > p.end) errs.push(`provision ${p.label}: start ${p.start} > end ${p.end}`);
  }
}
if (errs.length) { console.error(`${name}: ` + errs.join("; ")); process.exit(1); }
JS
  then
    fail "outline JSON of $f"
  else
    pass "outline JSON of $f"
  fi
}

check_json "$tmp/small.txt"
# the bundled example, once it is written
if [ -s "$src/examples/cybercrime-bill.txt" ]; then check_json "$src/examples/cybercrime-bill.txt"; fi

# text format: exit 0, names the file, nothing on stderr
if ! "$amicus" outline "$tmp/small.txt" >"$tmp/out.txt" 2>"$tmp/err"; then
  fail "outline (text): exit non-zero: $(head -c 300 "$tmp/err")"
elif ! grep -qF "small.txt" "$tmp/out.txt"; then
  fail "outline (text) does not name the file"
elif [ -s "$tmp/err" ]; then
  fail "outline (text) wrote to stderr for a clean file: $(head -c 300 "$tmp/err")"
else
  pass "outline text"
fi

# an unknown format is a usage error
"$amicus" outline --format yaml "$tmp/small.txt" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -ne 2 ] || [ -s "$tmp/out" ]; then fail "outline --format yaml: exit $rc, want 2 and no output"; else pass "unknown format refused"; fi

finish

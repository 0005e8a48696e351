#!/usr/bin/env bash
# formats_hostile.sh — hostile PDF, XML and DOCX inputs: each a clear error with exit 2, never a crash or a hang, nothing from /etc/passwd in any output.
# usage: formats_hostile.sh AMICUS_BINARY
set -u
# shellcheck source=../support/common.sh
source "${AMICUS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/common.sh"
fx="$src/tests/fixtures/formats"

# expect FILE MESSAGE-PATTERN: exit 2 within 60 s, the message on stderr, no passwd line anywhere
expect() {
  local f=$1 pat=$2 cmd rc
  for cmd in outline check; do
    timeout 60 "$amicus" "$cmd" "$f" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ "$rc" -ne 2 ]; then fail "$cmd $(basename "$f"): exit $rc, expected 2 ($(head -c 300 "$tmp/err"))"; continue; fi
    if ! grep -q -- "$pat" "$tmp/err"; then fail "$cmd $(basename "$f"): message without '$pat': $(head -c 300 "$tmp/err")"; continue; fi
    if grep -q "root:x:0:0\|/bin/bash\|nologin" "$tmp/out" "$tmp/err"; then fail "$cmd $(basename "$f"): /etc/passwd content in the output"; continue; fi
    pass "$cmd $(basename "$f"): exit 2, '$pat'"
  done
}

expect "$fx/encrypted.pdf" "encrypted PDF"
expect "$fx/scanned.pdf" "OCR"
expect "$fx/truncated.pdf" "broken PDF"
head -c 40000 "$fx/mini.pdf" | head -c 2000 >"$tmp/cut.pdf"
expect "$tmp/cut.pdf" "PDF"
expect "$fx/xxe.akn.xml" "entity"
expect "$fx/billion-laughs.xml" "entity"
printf '<?xml version="1.0"?>\n<recipe><step>boil</step></recipe>\n' >"$tmp/recipe.xml"
expect "$tmp/recipe.xml" "not supported"

# an external DTD is never fetched or read: the file opens, and nothing of /etc/passwd shows
timeout 60 "$amicus" outline --format akn "$fx/xxe-dtd.akn.xml" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 0 ] && ! grep -q "root:" "$tmp/out" "$tmp/err"; then pass "external DTD ignored"; else fail "external DTD: exit $rc"; fi

# DOCX archives written by hand (python3's zipfile)
if command -v python3 >/dev/null; then
  py_exe=$(python3 -c 'import sys; print(sys.executable)')
  for k in zipbomb traversal nodocument; do
    "$py_exe" "$fx/make_docx.py" "$k" "$tmp/$k.docx" || fail "generating $k.docx"
  done
  expect "$tmp/zipbomb.docx" "zip bomb"
  expect "$tmp/traversal.docx" "unsafe entry name"
  [ -e "$tmp/../x" ] && fail "traversal: a file was written"
  expect "$tmp/nodocument.docx" "word/document.xml"
else
  echo "SKIP: python3 not found (DOCX archives)"
fi
head -c 600 "$fx/tracked.docx" >"$tmp/cut.docx"
expect "$tmp/cut.docx" "DOCX"

finish

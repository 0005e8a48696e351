#!/usr/bin/env bash
# no_network.sh — amicus opens no network socket: check, outline, diff, matrix and serve on hostile XML, HTML, PDF and DOCX run in a network namespace without interfaces and under strace; any AF_INET/AF_INET6 socket (serve: anything but its 127.0.0.1 listener and the connections it accepts) fails.
# usage: no_network.sh AMICUS_BINARY
#
# Two independent proofs. (1) strace -f -e trace=network records every socket call of the
# process and its threads; AF_UNIX (the C library's local sockets) is allowed, any other family
# fails. (2) The commands run inside `unshare -n` (root) or `unshare -rn` (a user namespace):
# a network namespace whose only interface is a loopback that is down, so even a call strace
# missed could not leave the machine. Where no namespace can be made, (2) is skipped and said
# so; (1) always runs (under CI=true a missing strace, or one that cannot trace, fails).
# A self-check runs the same analysis on commands that do open inet sockets (bash /dev/tcp,
# a UDP sendto): if it does not flag them, the test fails.
set -u
# shellcheck source=../support/common.sh
source "${AMICUS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/common.sh"
amicus=$(cd "$(dirname "$amicus")" && pwd)/$(basename "$amicus")
serve_pid=
cleanup() {
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
# LeakSanitizer cannot stop the world under ptrace (an ASan build would end "LeakSanitizer has
# encountered a fatal error"): leaks are the rest of the ASan suite's business, not this test's
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

# ---------------------------------------------------------------- the tools
command -v strace >/dev/null 2>&1 || skip "strace not found (scripts/install-deps installs it): nothing proven"
strace -f -o /dev/null -e trace=network true 2>"$tmp/strace-err" ||
  skip "strace cannot trace here (ptrace refused?): $(head -c 200 "$tmp/strace-err")"
# --seccomp-bpf: the traced process stops only at the network calls, not at every call
sc=()
strace -f --seccomp-bpf -qq -o /dev/null -e trace=network true 2>/dev/null && sc=(--seccomp-bpf)
ns=()
if unshare -n true 2>/dev/null; then
  ns=(unshare -n)
elif unshare -rn true 2>/dev/null; then
  ns=(unshare -rn)
fi
if [ ${#ns[@]} -gt 0 ]; then
  ifaces=$("${ns[@]}" sh -c "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | tr '\n' ' '")
  if [ "$ifaces" != "lo " ]; then
    fail "${ns[*]}: the namespace has interfaces '$ifaces', expected only lo"
    ns=()
  else
    echo "namespace: ${ns[*]} (interfaces: lo, down)"
  fi
else
  echo "SKIP (part): neither 'unshare -n' nor 'unshare -rn' works here ($(id -un), $(uname -r)): the commands run in" \
       "the host's network namespace; strace still records every socket call"
fi

# ---------------------------------------------------------------- the analysis
# inet_calls TRACE: the socket calls of a strace -f -e trace=network log that are not AF_UNIX
# (socket() of another family, an address of another family in connect/sendto/bind...).
inet_calls() {
  grep -E 'socket\((AF|PF)_|sa_family=' "$1" | grep -vE 'socket\((AF|PF)_(UNIX|LOCAL),' |
    grep -E 'socket\(|sa_family=(AF|PF)_' | grep -vE 'sa_family=(AF|PF)_(UNIX|LOCAL)[,}]' || true
}

# serve_bad TRACE PORT: the inet socket calls of amicus serve's strace log that are not the
# listener's (socket, bind and getsockname on 127.0.0.1:PORT) nor an accepted connection from
# 127.0.0.1 (strace writes a call another thread interrupted as "<... accept4 resumed>")
PEER='sa_family=AF_INET, sin_port=htons\([0-9]+\), sin_addr=inet_addr\("127\.0\.0\.1"\)'
serve_bad() {
  local lo="sa_family=AF_INET, sin_port=htons\(($2|0)\), sin_addr=inet_addr\(\"127\.0\.0\.1\"\)"
  grep -E 'sa_family=(AF|PF)_INET6?|socket\((AF|PF)_INET6?,' "$1" |
    grep -vE "^[0-9]+ +socket\((AF|PF)_INET, SOCK_STREAM" |
    grep -vE "^[0-9]+ +(bind|getsockname)\([0-9]+, \{$lo\}" |
    grep -vE "^[0-9]+ +(accept4?\([0-9]+, |<\.\.\. accept4? resumed>)\{$PEER\}" || true
  inet_calls "$1" | grep -E 'socket\((AF|PF)_(INET6|PACKET|NETLINK)|SOCK_DGRAM|SOCK_RAW' || true
}

# traced NAME CMD...: run CMD under strace (inside the namespace when there is one), exit
# status in $tmp/NAME.rc, strace log in $tmp/NAME.trace
traced() {
  local name=$1; shift
  timeout 120 "${ns[@]}" strace -f "${sc[@]}" -qq -o "$tmp/$name.trace" -e trace=network "$@" \
    >"$tmp/$name.out" 2>"$tmp/$name.err" </dev/null
  echo $? >"$tmp/$name.rc"
}

# no_inet NAME: the run ended by itself (not killed, not a crash) and made no inet socket call
no_inet() {
  local name=$1 rc bad
  rc=$(cat "$tmp/$name.rc")
  if [ "$rc" -gt 2 ]; then fail "$name: exit $rc ($(head -c 300 "$tmp/$name.err"))"; return; fi
  bad=$(inet_calls "$tmp/$name.trace")
  if [ -n "$bad" ]; then fail "$name: network socket calls:"$'\n'"$bad"; return; fi
  pass "$name: exit $rc, no network socket ($(grep -c . "$tmp/$name.trace") socket calls, none inet)"
}

# ---------------------------------------------------------------- self-check: the test can fail
traced self-tcp bash -c 'exec 3<>/dev/tcp/198.51.100.1/80' 2>/dev/null
traced self-tcp6 bash -c 'exec 3<>/dev/tcp/::1/80' 2>/dev/null
traced self-udp bash -c 'echo x >/dev/udp/198.51.100.1/53'
for s in self-tcp self-tcp6 self-udp; do
  if [ -n "$(inet_calls "$tmp/$s.trace")" ] && [ -n "$(serve_bad "$tmp/$s.trace" 80)" ]; then
    pass "self-check: both analyses flag $s"
  else
    fail "self-check: $s opened an inet socket and an analysis did not flag it: $(head -c 300 "$tmp/$s.trace")"
  fi
done

# ---------------------------------------------------------------- hostile inputs
h="$tmp/hostile"
mkdir -p "$h"
net=198.51.100.1
host=amicus-no-network.invalid
body='<p>This Act applies to any criminal offence committed by means of a computer system.</p>'

# XML: external DTD, XInclude, schemaLocation, external entities (the last are refused outright)
cat >"$h/dtd.akn.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE akomaNtoso SYSTEM "http://$net/akn.dtd">
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xi="http://www.w3.org/2001/XInclude"
    xsi:schemaLocation="http://docs.oasis-open.org/legaldocml/ns/akn/3.0 https://$host/akomantoso30.xsd">
  <act name="act"><body>
    <xi:include href="http://$net/part.xml" parse="xml"/>
    <xi:include href="https://$host/part.txt" parse="text"/>
    <article eId="art_1"><num>Article 1</num><heading>Scope</heading>
      <content>$body</content></article>
    <article eId="art_2"><num>Article 2</num><heading>Assistance</heading>
      <content><p>An officer may order any person who has knowledge about the functioning of the system to help.</p></content></article>
  </body></act>
</akomaNtoso>
EOF
cat >"$h/xxe-http.akn.xml" <<EOF
<?xml version="1.0"?>
<!DOCTYPE akomaNtoso [ <!ENTITY ext SYSTEM "http://$net/secret"> <!ENTITY % pe SYSTEM "https://$host/pe.dtd"> %pe; ]>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act><body>
<article><num>Article 1</num><content><p>&ext;</p></content></article></body></act></akomaNtoso>
EOF
sed "s|http://$net/akn.dtd|https://$host/akn.dtd|" "$h/dtd.akn.xml" >"$h/dtd-https.akn.xml"

# HTML: every way a page can name another resource
cat >"$h/page.html" <<EOF
<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://$net/strict.dtd">
<html><head><meta charset="utf-8"><title>Hostile bill</title>
<meta http-equiv="refresh" content="0; url=http://$net/refresh">
<link rel="stylesheet" href="http://$net/a.css"><link rel="preload" href="https://$host/b.js" as="script">
<link rel="dns-prefetch" href="//$host"><base href="http://$net/">
<style>@import url("http://$net/c.css"); @import 'https://$host/d.css'; body { background: url(http://$net/e.png) }
@font-face { font-family: x; src: url(https://$host/f.woff) }</style>
<script src="http://$net/g.js"></script><script>fetch("http://$net/h"); new Image().src = "//$host/i";</script>
</head><body background="http://$net/bg.png">
<h2>Article 1</h2>$body
<img src="http://$net/j.png" srcset="https://$host/k.png 2x"><iframe src="http://$net/frame"></iframe>
<object data="http://$net/obj"></object><embed src="http://$net/emb"><video src="http://$net/v.mp4" poster="http://$net/p.png"></video>
<svg><image href="http://$net/s.svg"/><use xlink:href="http://$net/u.svg#x"/></svg>
<form action="http://$net/post"><input type="image" src="http://$net/btn.png"></form>
<h2>Article 2</h2><p>An officer may order any person who has knowledge about the functioning of the system to help, see <a href="http://$net/ref">the code</a>.</p>
</body></html>
EOF
sed 's/Hostile bill/Hostile bill, second draft/; s/any criminal offence/the offences in Article 2/' "$h/page.html" >"$h/page2.html"

# PDF (written by hand, offsets computed): a URI link annotation, a URI action on open, a
# GoToR to a remote file, a Launch action
py=$(command -v python3 || true)
if [ -n "$py" ]; then
  "$py" - "$h/links.pdf" "$net" "$host" <<'PY'
import sys
out, net, host = sys.argv[1:4]
text = b"BT /F1 11 Tf 72 720 Td (Article 1) Tj 0 -16 Td (This Act applies to any criminal offence committed by means of a computer system.) Tj ET"
objs = [
    b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /URI /URI (http://%s/open) >> /URI << /Base (https://%s/) >> >>" % (net.encode(), host.encode()),
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots [6 0 R 7 0 R 8 0 R] >>",
    b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    b"<< /Type /Annot /Subtype /Link /Rect [72 700 300 730] /A << /S /URI /URI (http://%s/link) >> >>" % net.encode(),
    b"<< /Type /Annot /Subtype /Link /Rect [72 680 300 700] /A << /S /GoToR /F << /FS /URL /F (http://%s/remote.pdf) >> /D [0 /Fit] >> >>" % net.encode(),
    b"<< /Type /Annot /Subtype /Link /Rect [72 660 300 680] /A << /S /Launch /F (http://%s/run) >> >>" % net.encode(),
]
pdf = bytearray(b"%PDF-1.4\n")
offs = []
for i, o in enumerate(objs, 1):
    offs.append(len(pdf))
    pdf += b"%d 0 obj\n%s\nendobj\n" % (i, o)
xref = len(pdf)
pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
for o in offs:
    pdf += b"%010d 00000 n \n" % o
pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
open(out, "wb").write(pdf)
PY

  # DOCX: external relationships (hyperlink, image, attached template, subdocument, OLE link)
  "$py" - "$h/external.docx" "$net" "$host" <<'PY'
import sys, zipfile
out, net, host = sys.argv[1:4]
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
doc = ('<?xml version="1.0" encoding="UTF-8"?><w:document %s><w:body>'
       '<w:p><w:r><w:t>Article 1</w:t></w:r></w:p>'
       '<w:p><w:r><w:t>This Act applies to any criminal offence committed by means of a computer system, see </w:t></w:r>'
       '<w:hyperlink r:id="rId1"><w:r><w:t>the code</w:t></w:r></w:hyperlink></w:p>'
       '<w:p><w:subDoc r:id="rId4"/></w:p>'
       '<w:p><w:r><w:fldSimple w:instr="INCLUDETEXT &quot;http://%s/inc.docx&quot;"/></w:r></w:p>'
       '</w:body></w:document>') % (W, net)
rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="%s/hyperlink" Target="http://%s/link" TargetMode="External"/>'
        '<Relationship Id="rId2" Type="%s/image" Target="https://%s/logo.png" TargetMode="External"/>'
        '<Relationship Id="rId3" Type="%s/attachedTemplate" Target="http://%s/template.dotm" TargetMode="External"/>'
        '<Relationship Id="rId4" Type="%s/subDocument" Target="\\\\%s\\share\\sub.docx" TargetMode="External"/>'
        '<Relationship Id="rId5" Type="%s/oleObject" Target="http://%s/ole.bin" TargetMode="External"/>'
        '</Relationships>') % (R, net, R, host, R, net, R, host, R, net)
settings = ('<?xml version="1.0" encoding="UTF-8"?><w:settings %s><w:attachedTemplate r:id="rId1"/></w:settings>') % W
srels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="%s/attachedTemplate" Target="http://%s/t.dotx" TargetMode="External"/></Relationships>') % (R, net)
ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", ct)
    z.writestr("word/document.xml", doc)
    z.writestr("word/_rels/document.xml.rels", rels)
    z.writestr("word/settings.xml", settings)
    z.writestr("word/_rels/settings.xml.rels", srels)
PY
else
  echo "SKIP (part): python3 not found: no hostile PDF and DOCX"
fi
echo "hostile inputs: $(cd "$h" && ls | tr '\n' ' ')"

# ---------------------------------------------------------------- the commands
# (AMICUS_CACHE as given: the compiled-pattern cache is files, and it saves a compile per run)
# check reads every file in one run (the default pack is loaded once); outline one by one
traced check "$amicus" check --format json "$h"/*
no_inet check
traced check-html-report "$amicus" check --format html "$h/page.html" "$h/dtd.akn.xml"
no_inet check-html-report
for f in "$h"/*; do
  b=$(basename "$f")
  traced "outline-$b" "$amicus" outline "$f"
  no_inet "outline-$b"
done
traced diff-html "$amicus" diff "$h/page.html" "$h/page2.html"
no_inet diff-html
traced diff-html-report "$amicus" diff --format html "$h/page.html" "$h/page2.html"
no_inet diff-html-report
traced diff-xml "$amicus" diff "$h/dtd.akn.xml" "$h/dtd-https.akn.xml"
no_inet diff-xml
traced matrix "$amicus" matrix --format json "$h"
no_inet matrix

# ---------------------------------------------------------------- amicus serve
# serve inside the namespace (its loopback brought up, nothing else) under strace; the hostile
# files go through the upload form with curl; then the only inet socket calls allowed are the
# listener's on 127.0.0.1 and the connections it accepted: no connect(), no sendto() to an
# address, no other bind.
serve_check() {
  if ! command -v curl >/dev/null 2>&1; then
    if ci; then fail "serve: curl not found (scripts/install-deps installs it)"; else echo "SKIP (part): curl not found: serve not tried"; fi
    return
  fi
  local inner="$tmp/serve-inner.sh"
  cat >"$inner" <<'SH'
set -u
amicus=$1 tmp=$2 h=$3
if [ "$(id -u)" -eq 0 ] && command -v ip >/dev/null 2>&1; then ip link set lo up 2>/dev/null; fi
strace -f $4 -qq -o "$tmp/serve.trace" -e trace=network "$amicus" serve --port 0 --threads 2 >"$tmp/serve.out" 2>"$tmp/serve.err" &
pid=$!
url=
for _ in $(seq 1 600); do
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$tmp/serve.out" 2>/dev/null | head -n 1)
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$url" ]; then echo "no-url" >"$tmp/serve.status"; kill "$pid" 2>/dev/null; wait "$pid"; exit 0; fi
n=0 ok=0
for f in "$h"/*; do
  n=$((n + 1))
  code=$(curl -s -o "$tmp/serve-resp-$n" -w '%{http_code}' --max-time 120 -F "doc=@$f" -F format=json "${url}report")
  case "$code" in 200|413|422) ok=$((ok + 1)) ;; *) echo "$(basename "$f"): HTTP $code" >>"$tmp/serve.bad" ;; esac
done
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 120 -F "doc=@$h/page2.html" -F "old=@$h/page.html" -F format=html "${url}report")
case "$code" in 200) ok=$((ok + 1)) ;; *) echo "diff upload: HTTP $code" >>"$tmp/serve.bad" ;; esac
n=$((n + 1))
echo "$ok/$n $url" >"$tmp/serve.status"
# SIGTERM to amicus itself (strace's child), which stops cleanly; strace then exits
child=$(cut -d' ' -f1 "/proc/$pid/task/$pid/children" 2>/dev/null)
kill -TERM "${child:-$pid}" 2>/dev/null
wait "$pid"
SH
  timeout 300 "${ns[@]}" bash "$inner" "$amicus" "$tmp" "$h" "${sc[*]}"
  local status
  status=$(cat "$tmp/serve.status" 2>/dev/null || echo "not-run")
  case "$status" in
    no-url|not-run) fail "serve: did not start ($status): $(head -c 300 "$tmp/serve.err" 2>/dev/null)"; return ;;
  esac
  [ -s "$tmp/serve.bad" ] && fail "serve: uploads answered with errors: $(cat "$tmp/serve.bad")"
  local port=${status##*:}; port=${port%/}
  local bad
  bad=$(serve_bad "$tmp/serve.trace" "$port")
  local listeners accepted
  listeners=$(grep -cE "^[0-9]+ +socket\((AF|PF)_INET6?," "$tmp/serve.trace")
  accepted=$(grep -cE "^[0-9]+ +(accept4?\([0-9]+, |<\.\.\. accept4? resumed>)\{$PEER\}.* = [0-9]+" "$tmp/serve.trace")
  if [ -n "$bad" ]; then
    fail "serve: inet socket calls other than the 127.0.0.1 listener and accepted connections:"$'\n'"$bad"
  elif [ "$listeners" -ne 1 ]; then
    fail "serve: $listeners inet sockets created, expected exactly the listener"
  elif [ "$accepted" -lt 1 ]; then
    fail "serve: no accepted connection recorded: the trace does not show the uploads ($status)"
  else
    pass "serve: ${status%% *} uploads answered; inet sockets: one listener on 127.0.0.1:$port, $accepted accepted connections from 127.0.0.1, no connect()"
  fi
}
serve_check

finish

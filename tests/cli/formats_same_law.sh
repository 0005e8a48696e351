#!/usr/bin/env bash
# formats_same_law.sh — the same law as text, PDF (one and two columns, headers, page and margin numbers, hyphenation) and DOCX gives exactly the same provisions, tree and findings; the gazette PDF and its LegalDocML.de XML; AKN output valid against the AKN 3.0 schema.
# usage: formats_same_law.sh AMICUS_BINARY   (skips when $AMICUS_CORPUS or the fixture tools are missing; fails then under CI=true)
set -u
# shellcheck source=../support/common.sh
source "${AMICUS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/common.sh"
need_corpus
# Debian's python3 carries python3-reportlab and python3-docx (scripts/install-deps)
py=""
for c in /usr/bin/python3 python3; do
  if "$c" -c 'import reportlab, docx' 2>/dev/null; then py=$c; break; fi
done
[ -n "$py" ] || skip "python3 with reportlab and docx not found (scripts/install-deps)"
gen="$src/tests/fixtures/formats/make_fixtures.py"
text="$corpus/text"
orig="$corpus/originals"
schema="$corpus/../schemas/akn30/akomantoso30.xsd"

# compare.py A.json B.json KIND: the same provisions (label, number, title) and the same tree
# (depth, type, label, number, title, quoted) — exactly; the first differences are printed
cat >"$tmp/compare.py" <<'PY'
import difflib, json, sys
def load(p):
    d = json.load(open(p))
    nodes = []
    def walk(n, depth):
        nodes.append((depth, n["type"], n.get("label"), n.get("number"), n.get("title"), bool(n.get("quoted"))))
        for c in n["children"]:
            walk(c, depth + 1)
    walk(d["tree"], 0)
    return [(p["label"], p["number"], p["title"]) for p in d["provisions"]], nodes[1:], d
pa, ta, _ = load(sys.argv[1])
pb, tb, db = load(sys.argv[2])
def show(a, b):
    for l in list(difflib.unified_diff([str(x) for x in a], [str(x) for x in b], lineterm="", n=0))[2:14]:
        print(l)
if pa != pb:
    show(pa, pb)
    sys.exit("provisions differ: %d vs %d" % (len(pa), len(pb)))
if ta != tb:
    show(ta, tb)
    sys.exit("trees differ: %d vs %d nodes" % (len(ta), len(tb)))
if sys.argv[3] == "paged" and not all(p.get("page") for p in db["provisions"]):
    sys.exit("a provision without page")
print("%d provisions, %d nodes, the same" % (len(pa), len(ta)))
PY
# findings.py A.json B.json: the same (rule, provision path) findings
cat >"$tmp/findings.py" <<'PY'
import json, sys
def f(p):
    d = json.load(open(p))["documents"][0]
    return sorted({(x["rule"], x.get("path")) for x in d["findings"]})
a, b = f(sys.argv[1]), f(sys.argv[2])
if a != b:
    sys.exit("findings differ: only in text %s; only in %s %s" % (sorted(set(a) - set(b))[:6], sys.argv[2].split('/')[-1], sorted(set(b) - set(a))[:6]))
print("%d findings" % len(a))
PY

same() { # name text-file generated-file kind
  local name=$1 t=$2 g=$3 kind=$4
  "$amicus" outline --format json "$t" >"$tmp/$name.t.json" 2>/dev/null || { fail "$name: outline of the text"; return; }
  if ! "$amicus" outline --format json "$g" >"$tmp/$name.g.json" 2>"$tmp/err"; then
    fail "$name: outline of $(basename "$g"): $(cat "$tmp/err")"; return
  fi
  if out=$("$py" "$tmp/compare.py" "$tmp/$name.t.json" "$tmp/$name.g.json" "$kind" 2>&1); then
    pass "$name: same structure ($out)"
  else
    fail "$name: $out"
  fi
}

ke="$text/ke-computer-misuse-cybercrimes-act-2018.txt"
sg="$text/sg-computer-misuse-act-1993.txt"
"$py" "$gen" pdf "$ke" "$tmp/ke.pdf" || fail "generating ke.pdf"
"$py" "$gen" pdf "$sg" "$tmp/sg2.pdf" --columns 2 || fail "generating sg2.pdf"
"$py" "$gen" docx "$ke" "$tmp/ke.docx" || fail "generating ke.docx"
"$py" "$gen" docx "$sg" "$tmp/sg.docx" || fail "generating sg.docx"
same ke-pdf "$ke" "$tmp/ke.pdf" paged
same sg-pdf-2col "$sg" "$tmp/sg2.pdf" paged
same ke-docx "$ke" "$tmp/ke.docx" flat
same sg-docx "$sg" "$tmp/sg.docx" flat

# the same findings on the same provisions
"$amicus" check --format json --fail-on none "$ke" >"$tmp/ck.ke.json" 2>/dev/null
"$amicus" check --format json --fail-on none "$sg" >"$tmp/ck.sg.json" 2>/dev/null
for g in ke.pdf ke.docx sg2.pdf sg.docx; do
  "$amicus" check --format json --fail-on none "$tmp/$g" >"$tmp/ck.$g.json" 2>/dev/null || { fail "check $g"; continue; }
  if out=$("$py" "$tmp/findings.py" "$tmp/ck.${g:0:2}.json" "$tmp/ck.$g.json" 2>&1); then pass "$g: same findings ($out)"; else fail "$g: $out"; fi
done
# findings in a PDF carry their page
if "$py" - "$tmp/ck.ke.pdf.json" <<'PY'
import json, sys
fs = [f for f in json.load(open(sys.argv[1]))["documents"][0]["findings"] if f.get("path")]
sys.exit(0 if fs and all(f.get("page") for f in fs) else 1)
PY
then pass "PDF findings carry a page"; else fail "PDF findings without a page"; fi

# the German gazette: PDF and LegalDocML.de
de_pdf="$orig/de-bgbl-2024-i-17-milpersgleifog.pdf"
de_xml="$orig/de-bgbl-2024-i-17-milpersgleifog.regelungstext-1.ldml-de.xml"
"$amicus" outline --format json "$de_pdf" >"$tmp/de.p.json" 2>/dev/null || fail "outline of the gazette PDF"
"$amicus" outline --format json "$de_xml" >"$tmp/de.x.json" 2>/dev/null || fail "outline of the LegalDocML.de XML"
"$amicus" outline --format akn "$de_pdf" >"$tmp/de.p.akn" 2>/dev/null || fail "akn of the gazette PDF"
"$amicus" check --format json --fail-on none "$de_pdf" >"$tmp/de.p.check.json" 2>/dev/null || fail "check of the gazette PDF"
"$amicus" check --format json --fail-on none "$de_xml" >"$tmp/de.x.check.json" 2>/dev/null || fail "check of the LegalDocML.de XML"
if out=$("$py" - "$tmp/de.p.json" "$tmp/de.x.json" "$tmp/de.p.akn" "$tmp/de.p.check.json" "$tmp/de.x.check.json" <<'PY'
import json, re, sys
p = json.load(open(sys.argv[1])); x = json.load(open(sys.argv[2])); akn = open(sys.argv[3]).read()
xs = [(q["label"], q["number"]) for q in x["provisions"]]
assert [n for _, n in xs] == [str(i) for i in range(1, 11)], "XML articles: %s" % xs
assert all(l.startswith("Artikel") for l, _ in xs)
assert x["provisions"][1]["title"] == "Änderung des Bundesgleichstellungsgesetzes", x["provisions"][1]["title"]
# the PDF: the SGleiG's §§ 1 to 75, each with its page; every Artikel heading of the XML in the text
ps = [q["number"] for q in p["provisions"] if q["label"].startswith("§")]
for i in range(1, 76):
    assert str(i) in ps, "§ %d missing from the PDF" % i
assert all(q.get("page") for q in p["provisions"])
# a Mantelgesetz: the Artikel are the provisions in both, the SGleiG's §§ quoted under Artikel 1
top = [q for q in p["provisions"] if not q.get("quoted")]
assert [(q["kind"], q["number"]) for q in top] == [("article", n) for _, n in xs], "PDF top level: %s" % [(q["kind"], q["number"]) for q in top]
for a, b in zip(top, x["provisions"]):
    assert not (a["title"] and b["title"]) or a["title"] == b["title"], "Artikel %s: %r vs %r" % (a["number"], a["title"], b["title"])
assert all(q.get("quoted") for q in p["provisions"] if q["label"].startswith("§")), "a § not quoted"
# the p.1 masthead ("Bundesgesetzblatt" / "Teil I" / "2024 Ausgegeben zu Bonn am 24. Januar 2024" /
# "Nr. 17": the running header of pages 2-33 set large) is no grouping "Teil I" around the Artikel,
# and not the document's title: the Artikel are the tree's top level, as in the XML
tops = [(n["type"], n.get("label")) for n in p["tree"]["children"] if n["type"] != "preamble"]
assert tops == [(n["type"], n.get("label")) for n in x["tree"]["children"] if n["type"] != "preamble"], "PDF tree top: %s" % tops
# the law's title, set on two lines in the PDF ("Gesetz" / "zur Fortentwicklung …") and broken by
# <akn:br/> in the XML's docTitle ("Gesetz <br/>zur …"), is the same whole title in both
assert p["title"] == x["title"] == ("Gesetz zur Fortentwicklung gleichstellungsrechtlicher Regelungen für das militärische "
    "Personal der Bundeswehr und anderer gesetzlicher Regelungen (Gleichstellungsfortentwicklungsgesetz militärisches "
    "Personal - MilPersGleiFoG)"), (p["title"], x["title"])
assert "<num>Teil I</num>" not in akn and "Ausgegeben zu Bonn" not in akn, "masthead left"
# the SGleiG's contents list (Inhaltsübersicht: "§ 1 Ziele des Gesetzes", "§ 2 Geltungsbereich" ...
# with no text between them, then the same §§ with their text) is not outlined: each § once, in order
# (under Artikel 1; a later Artikel quotes "„§ 24 Übergangsvorschriften" of the law it amends)
ps1 = [q["number"] for q in p["provisions"] if q["label"].startswith("§") and top[0]["start"] <= q["start"] < top[0]["end"]]
assert ps1 == [str(i) for i in range(1, 76)], "PDF §§: %s" % ps1
# the statute's groupings (Teil, Abschnitt, Unterabschnitt) nest, quoted, under Artikel 1, its §§ in them
a1 = [n for n in p["tree"]["children"] if n["type"] == "provision"][0]
assert a1["number"] == "1", a1["number"]
teile = [g for g in a1["children"] if g["type"] == "group"]
assert [g["number"] for g in teile] == [str(i) for i in range(1, 10)] and all(g.get("quoted") for g in teile), \
    "Teile under Artikel 1: %s" % [(g["label"], g.get("quoted")) for g in teile]
def sections(n):
    return [c["number"] for c in n["children"] if c["type"] == "provision"] + [s for c in n["children"] if c["type"] == "group" for s in sections(c)]
assert sections(a1) == [str(i) for i in range(1, 76)], "§§ under the Teile of Artikel 1"
t5 = teile[4]
# titles broken over lines: "Teil 5" / "Gleichstellungsbeauftragte und" / "Stellvertretung der …";
# Artikel 1's "Soldatinnen- und Soldatengleichstellungsgesetz" / "(SGleiG)"
assert t5["title"] == "Gleichstellungsbeauftragte und Stellvertretung der Gleichstellungsbeauftragten", t5["title"]
assert a1["title"] == "Soldatinnen- und Soldatengleichstellungsgesetz (SGleiG)", a1["title"]
# the Inhaltsübersicht ("§1 Ziele des Gesetzes" … "§ 75 …") is no text of Artikel 1 with paragraphs
# "§ 1" … "§ 75": Artikel 1 holds the Teile only
assert [c["type"] for c in a1["children"]] == ["group"] * 9, [(c["type"], c.get("label")) for c in a1["children"]][:5]
assert [g["label"] for g in t5["children"] if g["type"] == "group"] == ["Abschnitt 1", "Abschnitt 2", "Abschnitt 3"], t5["children"]
# Teil 5 Abschnitt 1: "Unterabschnitt 2" and its title "Wahlgrundsätze, Amtszeit, Bestellung" are two
# centred lines with space between them (page 13), as "§ 29" and its title "Wahlgrundsätze" are
uab = [g for g in t5["children"][0]["children"] if g["type"] == "group"]
assert [(g["label"], g["title"], sections(g)) for g in uab] == [
    ("Unterabschnitt 1", "Wahlbereich und Wahlberechtigung", [str(i) for i in range(23, 29)]),
    ("Unterabschnitt 2", "Wahlgrundsätze, Amtszeit, Bestellung", [str(i) for i in range(29, 35)]),
    ("Unterabschnitt 3", "Anfechtung und Verordnungsermächtigung", [str(i) for i in range(35, 37)]),
    ("Unterabschnitt 4", "Verfahren bei Umstrukturierung von Dienststellen", [str(i) for i in range(37, 42)])], \
    [(g["label"], g["title"], sections(g)) for g in uab]
assert uab[1]["children"][0]["title"] == "Wahlgrundsätze", uab[1]["children"][0]
xt = {q["number"]: q for q in x["provisions"]}
for q in top:
    if q["number"] != "1":
        assert q["title"] == xt[q["number"]]["title"], "Artikel %s title" % q["number"]
# Artikel 2-10 below article level: the paragraphs and items of the XML are the PDF's, in the same
# order and nesting; an item the amendment quotes nests under the item that quotes it, in both
# ("1. Nummer 4 wird wie folgt gefasst:" / "„4. beim ..." in the PDF, the quote alone on its line
# in the XML's quotedStructure). What only one side has comes from the sources:
#  - Artikel 1: the XML holds only a componentRef to regelungstext-verkuendung-2.xml (the SGleiG),
#    which is not in the corpus: no title, no §§ in the XML;
#  - the XML sample's quotedStructures of Artikel 4 no. 2 b, 5, 7 c, 10 a, 14 b, Artikel 6 no. 3,
#    4 b, 8, 9, 11, Artikel 7 no. 3, 7 b, 8, 9 and Artikel 8 no. 3, 6 b, 7 are empty: the PDF's quoted
#    paragraphs there are its own (Artikel 6 and 7 no. 9 quote a paragraph "(2a)": a number with a
#    small letter is a marker, "(2a)" and "7a." as "(2)" and "7.");
#  - Artikel 4 no. 16 quotes "§ 24 Übergangsvorschriften": a quoted provision with (1) and (2) in
#    the PDF; in the XML a paragraph "§ 24" (a § in an act of Artikel) whose quotedStructure holds
#    sixteen paragraphs ((1) to (12) and "(2b)", "(2c)", "(2a)", "(9a)" among them, as the XML
#    numbers them), most of them the other Artikel's quoted text;
#  - Artikel 10: the XML sample adds paragraphs "(3a)", "(1a)", "(4a)", "(1b)", "(2b)" after (7)
#    (in that order) that the gazette does not print.
def below(d):
    out = {}
    for n in d["tree"]["children"]:
        if n["type"] == "provision":
            paths = []
            def walk(m, pre):
                for c in m["children"]:
                    q = pre + [("Q" if c.get("quoted") else "") + c["label"]]
                    paths.append("/".join(q))
                    walk(c, q)
            walk(n, [])
            out[n["number"]] = paths
    return out
pb, xb = below(p), below(x)
pdf_only = {"4": ["2./b)/(3)", "5./(1)", "7./c)/(4)", "10./a)/(1)", "14./b)/(2)", "Q§ 24", "Q§ 24/(1)", "Q§ 24/(2)"],
            "6": ["3./(2)", "4./b)/(2)", "8./(3)", "9./(2a)", "11./(4)", "11./(5)"],
            "7": ["3./(2)", "7./b)/(2)", "8./(6)", "8./(7)", "9./(2a)"], "8": ["3./(2)", "6./b)/(2)", "7./(3)"]}
xml_only = {"4": ["§ 24"] + ["§ 24/(%s)" % i for i in ["1", "2", "2b", "2c", "3", "2a", "4", "5", "6", "7", "8", "9", "9a", "10", "11", "12"]],
            "10": ["(3a)", "(1a)", "(4a)", "(1b)", "(2b)"]}
nodes = 0
for a in [str(i) for i in range(2, 11)]:
    op = [q for q in pb[a] if q not in xb[a]]; ox = [q for q in xb[a] if q not in pb[a]]
    assert op == pdf_only.get(a, []) and ox == xml_only.get(a, []), "Artikel %s: only in the PDF %s, only in the XML %s" % (a, op, ox)
    common = [q for q in pb[a] if q in xb[a]]
    assert common == [q for q in xb[a] if q in pb[a]], "Artikel %s: order" % a
    nodes += len(common)
assert pb["2"] == ["§ 37", "§ 37/1.", "§ 37/1./4.", "§ 37/2."], pb["2"]
assert "6./a)/dd)/9." in pb["4"] and "6./a)/ee)/10." in pb["4"], pb["4"]
# numbers with a small letter: the items "7a.", "7b." and "10a." Artikel 4 no. 6 quotes, in both
assert all(q in pb["4"] and q in xb["4"] for q in ["6./a)/bb)/7a.", "6./a)/bb)/7b.", "6./a)/ee)/10a."]), pb["4"]
# findings: the same rules on the same Artikel 2-10 (the provision holding each finding's start);
# the PDF's others are in Artikel 1's SGleiG, which the XML does not hold
def findings(check, outline):
    arts = [(n["start"], n["end"], n["number"]) for n in outline["tree"]["children"] if n["type"] == "provision"]
    out = set()
    for f in json.load(open(check))["documents"][0]["findings"]:
        art = [a for s, e, a in arts if s <= f["start"] < e]
        out.add((f["rule"], art[0] if art else None))
    return out
fp, fx = findings(sys.argv[4], p), findings(sys.argv[5], x)
assert {f for f in fp if f[1] != "1"} == {f for f in fx if f[1] != "1"}, "findings on Artikel 2-10: PDF %s, XML %s" % (fp, fx)
assert ("GENDER-MAINSTREAMED", "1") in fp and not [f for f in fx if f[1] == "1"], (fp, fx)
for i in range(1, 11):
    assert re.search(r"<num>Artikel %d</num>" % i, akn), "Artikel %d missing from the PDF's AKN" % i
assert "Seite 2 von 33" not in akn and "Bundesgesetzblatt Jahrgang 2024 Teil I Nr. 17" not in akn, "running line left"
print("XML and PDF: Artikel 1-10 at the top (same titles), %d nodes of Artikel 2-10 the same, %d findings on them; "
      "PDF: SGleiG §§ 1-75 once, quoted, in Teile 1-9 (Abschnitte, Unterabschnitte 1-4) under Artikel 1" % (nodes, len([f for f in fp if f[1] != "1"])))
PY
); then pass "gazette PDF and LegalDocML.de: $out"; else fail "gazette PDF and LegalDocML.de: $out"; fi

# the Federal Register: three columns, running header, GPO slug
"$amicus" outline --format akn "$orig/us-fedreg-2020-17221-faa-ad-nprm-2020.pdf" >"$tmp/fr.akn" 2>/dev/null || fail "outline of the Federal Register PDF"
if grep -q "VerDate\|Sfmt\|Federal Register / Vol. 85" "$tmp/fr.akn"; then fail "Federal Register: header or GPO slug left"; else pass "Federal Register: header and GPO slug gone"; fi
grep -q "Airworthiness Directives" "$tmp/fr.akn" && pass "Federal Register: text read" || fail "Federal Register: text missing"

# Akoma Ntoso output valid for every input format
if [ -f "$schema" ] && command -v xmllint >/dev/null; then
  for f in "$ke" "$tmp/ke.pdf" "$tmp/sg2.pdf" "$tmp/ke.docx" "$de_pdf" "$de_xml" "$orig"/*.xml \
           "$src/tests/fixtures/formats/tracked.docx" "$corpus/coe-budapest-convention-ets185.en-nl.md" \
           "$corpus/ph-ra10175-cybercrime-prevention-act-2012.html"; do
    [ -f "$f" ] || continue
    if ! "$amicus" outline --format akn "$f" >"$tmp/out.akn" 2>"$tmp/err"; then fail "akn of $(basename "$f"): $(cat "$tmp/err")"; continue; fi
    if xmllint --nonet --noout --schema "$schema" "$tmp/out.akn" 2>"$tmp/err"; then
      pass "akn of $(basename "$f") is valid AKN 3.0"
    else
      fail "akn of $(basename "$f"): $(tail -3 "$tmp/err")"
    fi
  done
else
  skip_msg="AKN schema or xmllint missing"; ci && fail "$skip_msg" || echo "SKIP: $skip_msg"
fi

# Akoma Ntoso eId kept as node ids ("eid" in the outline JSON), as written in the file
eu="$orig/eu-dir-2014-92-payment-accounts.akn.xml"
if [ -f "$eu" ]; then
  want=$(grep -o '<article [^>]*eId="[^"]*"' "$eu" | head -1 | sed 's/.*eId="\([^"]*\)"/\1/')
  "$amicus" outline --format json "$eu" >"$tmp/eu.json" 2>/dev/null || fail "outline of $eu"
  got=$("$py" -c 'import json,sys; d=json.load(open(sys.argv[1])); p=d["provisions"][0]; print(p["number"], p.get("eid"), (p["children"] or [{}])[0].get("eid"))' "$tmp/eu.json")
  case "$got" in
    "1 $want ${want}__para_1.") pass "AKN eId kept: $got" ;;
    *) fail "AKN eId: got '$got', want '1 $want ${want}__para_1.'" ;;
  esac
fi

# --tracked original in check and diff (DOCX tracked changes)
trk="$src/tests/fixtures/formats/tracked.docx"
"$amicus" check --format json "$trk" >"$tmp/trk-acc.json" 2>/dev/null; ra=$?
"$amicus" check --format json --tracked original "$trk" >"$tmp/trk-orig.json" 2>/dev/null; ro=$?
if [ $ra -lt 2 ] && [ $ro -lt 2 ] && ! cmp -s "$tmp/trk-acc.json" "$tmp/trk-orig.json"; then
  pass "check --tracked original reads the text before the changes"
else
  fail "check --tracked original: exit $ra/$ro or same output"
fi
"$amicus" check --tracked bogus "$trk" >/dev/null 2>&1; [ $? -eq 2 ] && pass "check --tracked bogus: exit 2" || fail "check --tracked bogus accepted"
"$amicus" diff --no-check --tracked original "$trk" "$trk" >/dev/null 2>&1; [ $? -eq 0 ] && pass "diff --tracked original" || fail "diff --tracked original"

finish

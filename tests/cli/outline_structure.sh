#!/usr/bin/env bash
# outline_structure.sh — outline JSON of a small treaty-like fixture: provisions, groupings, paragraphs, definitions, resolved references.
# usage: outline_structure.sh path/to/amicus
set -uo pipefail
# shellcheck source=../support/common.sh
source "${AMICUS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/common.sh"

# Expected values below were written from this text, not from amicus's output.
cat >"$tmp/convention.txt" <<'TXT'
Sample Convention on Computer Crime

Chapter I - Use of terms

Article 1 - Definitions
For the purposes of this Convention:
a) "computer system" means any device or a group of interconnected devices, one or more of which performs automatic processing of data;
b) "computer data" means any representation of facts, information or concepts in a form suitable for processing in a computer system.

Chapter II - Measures to be taken

Article 2 - Illegal access
1. Each Party shall establish as a criminal offence, when committed intentionally, the access to the whole or any part of a computer system without right.
2. A Party may require that the offence be committed with dishonest intent.

Article 3 - Conditions and safeguards
1. The powers and procedures referred to in Articles 1 and 2 shall be subject to conditions and safeguards.
2. Each Party shall consider the impact of the powers in this article upon the rights of third parties.
TXT
# A second variant with the paragraph numbering in parentheses, as in national acts.
cat >"$tmp/act.txt" <<'TXT'
Computer Misuse Act

PART I - PRELIMINARY

1. Short title
This Act may be cited as the Computer Misuse Act.

2. Interpretation
(1) In this Act, unless the context otherwise requires -
(a) "computer" means an electronic device that processes data;
(b) "program" means data representing instructions.
(2) A reference in section 3 to a program includes a part of a program.

PART II - OFFENCES

3. Unauthorised access
(1) A person who knowingly causes a computer to perform a function without authority commits an offence.
(2) Subsection (1) does not apply to a person acting with the consent of the owner.
TXT

"$amicus" outline --format json "$tmp/convention.txt" >"$tmp/convention.json" 2>"$tmp/err1" || { echo "FAIL: outline convention.txt: $(cat "$tmp/err1")" >&2; exit 1; }
"$amicus" outline --format json "$tmp/act.txt" >"$tmp/act.json" 2>"$tmp/err2" || { echo "FAIL: outline act.txt: $(cat "$tmp/err2")" >&2; exit 1; }

node - "$tmp/convention.json" "$tmp/act.json" <<'JS'
const fs = require("fs");
const [convFile, actFile] = process.argv.slice(2);
let fails = 0;
const check = (cond, msg) => { if (cond) console.log("ok:   " + msg); else { console.error("FAIL: " + msg); fails++; } };
const walk = (n, f) => { f(n); (n.children || []).forEach((c) => walk(c, f)); };
const J = (x) => JSON.stringify(x);

// ---- the convention
const c = JSON.parse(fs.readFileSync(convFile, "utf8"));
check(J(c.provisions.map((p) => p.number)) === J(["1", "2", "3"]),
      `convention: provisions 1, 2, 3 (got ${J(c.provisions.map((p) => p.number))})`);
check(c.provisions.every((p) => p.kind === "article"), "convention: provisions are articles");
check(J(c.provisions.map((p) => p.title)) === J(["Definitions", "Illegal access", "Conditions and safeguards"]),
      `convention: titles (got ${J(c.provisions.map((p) => p.title))})`);
check(c.provisions.length > 0 && c.provisions[0].label === "Article 1", `convention: label "Article 1" (got ${J(c.provisions[0] && c.provisions[0].label)})`);
const chapters = [];
walk(c.tree, (n) => { if (n.type === "group") chapters.push(n); });
check(chapters.length === 2 && chapters.every((g) => g.kind === "chapter"),
      `convention: two chapters in the tree (got ${J(chapters.map((g) => [g.kind, g.number]))})`);
const inCh2 = [];
if (chapters[1]) walk(chapters[1], (n) => { if (n.type === "provision") inCh2.push(n.number); });
check(J(inCh2) === J(["2", "3"]), `convention: articles 2 and 3 inside chapter II (got ${J(inCh2)})`);
const a2 = c.provisions.find((p) => p.number === "2");
check(a2 && J(a2.children.map((k) => k.number)) === J(["1", "2"]),
      `convention: article 2 has paragraphs 1 and 2 (got ${J(a2 && a2.children.map((k) => k.number))})`);
const terms = c.definitions.map((d) => d.term);
check(terms.includes("computer system") && terms.includes("computer data"),
      `convention: definitions "computer system", "computer data" (got ${J(terms)})`);
const cs = c.definitions.find((d) => d.term === "computer system");
check(cs && cs.provision === "1", `convention: "computer system" defined in article 1 (got ${J(cs && cs.provision)})`);
const resolved = c.references.filter((r) => r.target !== null).map((r) => r.target);
check(resolved.some((t) => /^Art\. 1\b/.test(t)) && resolved.some((t) => /^Art\. 2\b/.test(t)),
      `convention: "Articles 1 and 2" resolves to both articles (got ${J(c.references.map((r) => [r.text, r.target]))})`);
check(Array.isArray(c.health), "convention: health present");

// ---- the act
const a = JSON.parse(fs.readFileSync(actFile, "utf8"));
check(J(a.provisions.map((p) => p.number)) === J(["1", "2", "3"]),
      `act: sections 1, 2, 3 (got ${J(a.provisions.map((p) => p.number))})`);
check(a.provisions.every((p) => p.kind === "section"), `act: provisions are sections (got ${J(a.provisions.map((p) => p.kind))})`);
check(J(a.provisions.map((p) => p.title)) === J(["Short title", "Interpretation", "Unauthorised access"]),
      `act: titles (got ${J(a.provisions.map((p) => p.title))})`);
const parts = [];
walk(a.tree, (n) => { if (n.type === "group") parts.push(n.kind); });
check(J(parts) === J(["part", "part"]), `act: two parts (got ${J(parts)})`);
const s2 = a.provisions.find((p) => p.number === "2");
const s2sub1 = s2 && s2.children.find((k) => k.number === "1");
check(s2sub1 && J(s2sub1.children.map((k) => k.number)) === J(["a", "b"]),
      `act: s. 2(1) has items (a) and (b) (got ${J(s2sub1 && s2sub1.children.map((k) => k.number))})`);
const aterms = a.definitions.map((d) => d.term);
check(aterms.includes("computer") && aterms.includes("program"), `act: definitions "computer", "program" (got ${J(aterms)})`);
const arefs = a.references.map((r) => [r.text, r.target]);
check(a.references.some((r) => r.target && /^s\. 3\b/.test(r.target)), `act: "section 3" resolves (got ${J(arefs)})`);
check(a.references.some((r) => r.target === "s. 3(1)"), `act: "Subsection (1)" in s. 3 resolves to s. 3(1) (got ${J(arefs)})`);

process.exit(fails ? 1 : 0);
JS

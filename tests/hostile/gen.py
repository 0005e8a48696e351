#!/usr/bin/env python3
# gen.py — writes the large or binary inputs of the hostile-input catalogue (tests/hostile/catalogue.sh); nothing it makes is committed.
"""usage: gen.py KIND OUT [N]
  badutf8        invalid and overlong UTF-8: a stray 0xFF, overlong '/' and NUL, an encoded
                 surrogate, a code point over U+10FFFF, a sequence cut by the end of the file
  utf16-surrogates  UTF-16LE with a BOM, a lone high and a lone low surrogate
  nul            UTF-8 text with a NUL byte in a provision
  text-mb        about N MB (default 200) of ordinary provisions, written in blocks
  provisions     N (default 1,000,000) one-line provisions: "Article k. ..."
  deep-text      N (default 100,000) dotted items (1.1.1...), 2,000 levels, then one of N
  deep-xml       Akoma Ntoso with N (default 100,000) nested <paragraph> elements
  deep-html      HTML with N (default 100,000) nested <ol><li>
  deep-md        Markdown with a blockquote N (default 100,000) levels deep
  long-line      one line of N MB (default 50)
  quadratic-xml  one entity of N KB (default 100) referenced 20,000 times
  xxe-http       XML with an external entity and an external DTD at http:// addresses
  pdf-pages      a PDF of N (default 100,000) empty pages, written by hand
  yaml-bomb      a rule pack (OUT is a directory) whose rule file is a YAML alias bomb
  backtrack      a rule pack (OUT is a directory) with patterns that backtrack catastrophically
  collide        a rule pack (OUT is a directory) with two rules of the same id
  review-*       review files that are not ours: review-other (JSON of another program),
                 review-binary, review-deep (JSON nested 100,000 deep), review-huge-reason"""
import os
import sys

PROVISION = ("Each Party shall adopt such legislative and other measures as may be necessary to "
             "establish as criminal offences under its domestic law, when committed intentionally, "
             "the access to the whole or any part of a computer system without right.\n")


def write(out, data, mode="wb"):
    with open(out, mode) as f:
        f.write(data)


def badutf8(out):
    write(out, b"CYBERCRIME ACT\n\nArticle 1 - Definitions\n"
               b"In this Act \"computer\" means a device\xff that processes data.\n\n"
               b"Article 2 - Access\n"
               b"A person who accesses \xc0\xafetc\xc0\xafpasswd or \xc0\x80 without right commits an offence.\n\n"
               b"Article 3 - Interception\n"
               b"Interception of \xed\xa0\x80 data and \xf4\x90\x80\x80 signals without right is an offence.\n"
               b"Article 4 - Cut\nThe end \xe2\x82")


def utf16_surrogates(out):
    text = ("CYBERCRIME ACT\n\nArticle 1 - Definitions\nIn this Act \"data\" means any representation.\n\n"
            "Article 2 - Access\nA person who accesses X without right commits an offence.\n")
    raw = b"\xff\xfe" + text.encode("utf-16-le")
    # a lone high surrogate (D800) and a lone low surrogate (DC00) in the middle of Article 2
    cut = raw.index("X".encode("utf-16-le"))
    raw = raw[:cut] + b"\x00\xd8" + raw[cut:cut + 2] + b"\x00\xdc" + raw[cut + 2:]
    write(out, raw)


def nul(out):
    write(out, b"Article 1 - Access\nA person who accesses a computer\x00 without right commits an offence.\n")


def text_mb(out, mb):
    target = mb * 1024 * 1024
    with open(out, "w") as f:
        f.write("THE BIG CYBERCRIME ACT\n\n")
        k, done = 1, 0
        block = []
        while done < target:
            s = "Article %d - Offence %d\n%s\n" % (k, k, PROVISION)
            block.append(s)
            done += len(s)
            k += 1
            if len(block) == 4096:
                f.write("".join(block))
                block = []
        f.write("".join(block))


def provisions(out, n):
    with open(out, "w") as f:
        f.write("THE LONG ACT\n\n")
        for k in range(1, n + 1):
            f.write("Article %d. Access without right is an offence.\n" % k)


def deep_text(out, n):
    """Items numbered 1.1, 1.1.1, ... 2,000 levels deep (a dotted number is as long as its
    depth, so the file stays at 4 MB), then one item whose number is n levels deep, and
    paragraphs (1), (a), (i), (A), (I) nested under every level."""
    with open(out, "w") as f:
        f.write("THE DEEP ACT\n\nSection 1 - Offences\n")
        for d in range(2, min(n, 2000) + 1):
            f.write("%s A person who accesses a computer without right.\n" % ".".join(["1"] * d))
        f.write("%s A person who accesses a computer without right.\n" % ".".join(["1"] * n))
        for _ in range(1000):
            f.write("(1) Each (a) person (i) who (A) accesses (I) a computer.\n")


def nested(out, head, opening, closing, tail, n):
    """head, n openings, n closings, tail: markup nested n deep."""
    with open(out, "w") as f:
        f.write(head + opening * n + closing * n + tail)


def deep_xml(out, n):
    nested(out, '<?xml version="1.0" encoding="UTF-8"?>\n'
                '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act><body>'
                '<article eId="art_1"><num>Article 1</num><heading>Access</heading>',
           '<paragraph><content><p>A person who accesses a computer without right.</p></content>',
           '</paragraph>', '</article></body></act></akomaNtoso>\n', n)


def deep_html(out, n):
    nested(out, "<!DOCTYPE html><html><head><title>The Deep Act</title></head><body>"
                "<h1>THE DEEP ACT</h1><h2>Article 1 - Access</h2>",
           "<ol><li>access without right ", "</li></ol>", "</body></html>\n", n)


def deep_md(out, n):
    with open(out, "w") as f:
        f.write("# THE DEEP ACT\n\n## Article 1 - Access\n\n")
        f.write("> " * n + "A person who accesses a computer without right.\n")


def long_line(out, mb):
    chunk = "access without right " * 1000
    target = mb * 1024 * 1024
    with open(out, "w") as f:
        f.write("Article 1. ")
        done = 0
        while done < target:
            f.write(chunk)
            done += len(chunk)
        f.write("\n")


def quadratic_xml(out, kb):
    ent = "a" * (kb * 1024)
    with open(out, "w") as f:
        f.write('<?xml version="1.0"?>\n<!DOCTYPE akomaNtoso [<!ENTITY a "%s">]>\n' % ent)
        f.write('<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act><body>'
                '<article eId="art_1"><num>Article 1</num><content><p>')
        f.write("&a;" * 20000)
        f.write("</p></content></article></body></act></akomaNtoso>\n")


def xxe_http(out):
    write(out, '<?xml version="1.0"?>\n'
               '<!DOCTYPE akomaNtoso SYSTEM "http://192.0.2.1/amicus.dtd" [\n'
               '  <!ENTITY ext SYSTEM "http://192.0.2.1/secret.txt">\n'
               '  <!ENTITY % pe SYSTEM "http://192.0.2.1/pe.dtd"> %pe;\n]>\n'
               '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act><body>'
               '<article eId="art_1"><num>Article 1</num><heading>Access</heading>'
               '<content><p>A person who accesses &ext; without right commits an offence.</p></content>'
               '</article></body></act></akomaNtoso>\n', "w")


def pdf_pages(out, n):
    """Objects: 1 catalog, 2 pages, 3 empty content stream, 4.. one page each."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (4 + i) for i in range(n)) +
            b"] /Count %d /MediaBox [0 0 595 842] >>" % n,
            b"<< /Length 0 >>\nstream\n\nendstream"]
    page = b"<< /Type /Page /Parent 2 0 R /Contents 3 0 R /Resources << >> >>"
    with open(out, "wb") as f:
        pos = f.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for i in range(3 + n):
            offsets.append(pos)
            pos += f.write(b"%d 0 obj\n%s\nendobj\n" % (i + 1, objs[i] if i < 3 else page))
        f.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1))
        f.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
        f.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(offsets) + 1, pos))


RULE = """id: {id}
concern: SCOPE
demand: 1
severity: error
scope: provision
patterns:
{patterns}
message: {msg}
standard: ICCPR art. 15 (legality).
remedy: Narrow it.
examples:
  fire: ['{fire}']
  pass: ['Nothing here is relevant.']
"""


def pack(out, files):
    os.makedirs(out, exist_ok=True)
    for name, text in files.items():
        write(os.path.join(out, name), text, "w")


def yaml_bomb(out):
    """Nine levels of nine aliases: 9^9 (387 million) strings once expanded."""
    lines = ['id: HOSTILE-BOMB', 'concern: SCOPE', 'demand: 1', 'severity: note', 'scope: provision',
             "patterns: ['\\bfoo\\b']", 'message: m', 'standard: s', 'remedy: r',
             'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for k in "bcdefghi":
        prev = chr(ord(k) - 1)
        lines.append("%s: &%s [%s]" % (k, k, ",".join(["*" + prev] * 9)))
    lines.append("examples: {fire: [foo], pass: [*i]}")
    pack(out, {"bomb.yaml": "\n".join(lines) + "\n"})


def backtrack(out):
    """Patterns a backtracking engine takes exponential time on, run against 'aaaa...' text."""
    pats = "".join("  - '%s'\n" % p for p in ["(a+)+$", "(a|aa)+b", "(\\w+\\s?)+!", "(?:a|a)*(?:a|a)*c"])
    pack(out, {"backtrack.yaml": RULE.format(id="HOSTILE-BACKTRACK", patterns=pats,
                                            msg="Catastrophic patterns.", fire="aaaa")})


def collide(out):
    r = RULE.format(id="HOSTILE-SAME", patterns="  - 'without\\s+right'\n", msg="Twice.",
                    fire="access without right")
    pack(out, {"one.yaml": r, "two.yaml": r})


def review(kind, out):
    if kind == "review-other":
        write(out, '{"version": 3, "name": "eslint-config", "rules": {"no-console": "off"}}\n', "w")
    elif kind == "review-binary":
        write(out, bytes(range(256)) * 64)
    elif kind == "review-deep":
        write(out, '{"a":' * 100000 + "1" + "}" * 100000, "w")
    elif kind == "review-huge-reason":
        write(out, '{"amicus_review": 1, "document": "x.txt", "entries": [{"fingerprint": '
                   '"0123456789abcdef", "decision": "dismissed", "reason": "%s"}]}\n' % ("x" * (8 << 20)), "w")
    else:
        sys.exit("gen.py: unknown review kind %s" % kind)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    kind, out = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else None
    simple = {"badutf8": badutf8, "utf16-surrogates": utf16_surrogates, "nul": nul,
              "xxe-http": xxe_http, "yaml-bomb": yaml_bomb, "backtrack": backtrack, "collide": collide}
    sized = {"text-mb": (text_mb, 200), "provisions": (provisions, 1000000), "deep-text": (deep_text, 100000),
             "deep-xml": (deep_xml, 100000), "deep-html": (deep_html, 100000), "deep-md": (deep_md, 100000),
             "long-line": (long_line, 50), "quadratic-xml": (quadratic_xml, 100), "pdf-pages": (pdf_pages, 100000)}
    if kind in simple:
        simple[kind](out)
    elif kind in sized:
        f, default = sized[kind]
        f(out, n if n is not None else default)
    elif kind.startswith("review-"):
        review(kind, out)
    else:
        sys.exit("gen.py: unknown kind %s\n%s" % (kind, __doc__))


if __name__ == "__main__":
    main()

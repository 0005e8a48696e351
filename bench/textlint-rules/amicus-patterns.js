// amicus-patterns.js — a textlint rule flagging every match of the patterns `amicus rules patterns` prints (bench peer only).
"use strict";
const fs = require("fs");

let compiled = null;
function patterns() {
  if (compiled) return compiled;
  const file = process.env.AMICUS_PATTERNS;
  if (!file) throw new Error("set AMICUS_PATTERNS to the output of `amicus rules patterns`");
  compiled = [];
  let skipped = 0;
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (!line) continue;
    try {
      compiled.push(new RegExp(line, "giu"));
    } catch (e) {
      skipped++; // a construct JavaScript regexps lack
    }
  }
  if (process.env.AMICUS_PATTERNS_REPORT) {
    process.stderr.write(`amicus-patterns: ${compiled.length} patterns compiled, ${skipped} skipped\n`);
  }
  return compiled;
}

module.exports = function (context) {
  const { Syntax, RuleError, report, getSource } = context;
  return {
    [Syntax.Str](node) {
      const text = getSource(node);
      for (const re of patterns()) {
        re.lastIndex = 0;
        let m;
        while ((m = re.exec(text)) !== null) {
          report(node, new RuleError("amicus pattern " + re.source.slice(0, 40), { index: m.index }));
          if (m[0].length === 0) re.lastIndex++;
        }
      }
    },
  };
};

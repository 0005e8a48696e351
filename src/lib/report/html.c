/* html.c — the self-contained HTML report: text with findings marked in place, findings panel, scorecard picture, concern chart, filters, search, print. */
#include "report/report.h"
#include "report/html.h"
#include <stdlib.h>

/* ------------------------------------------------------------------ SHA-256 */

static const uint32_t K256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha_block(uint32_t h[8], const unsigned char *p) {
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = k + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K256[i] + w[i];
        uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        k = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += k;
}

void amicus__sha256(const void *data, size_t n, unsigned char out[32]) {
    uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    const unsigned char *p = data;
    size_t left = n;
    for (; left >= 64; left -= 64, p += 64) sha_block(h, p);
    unsigned char tail[128] = {0};
    memcpy(tail, p, left);
    tail[left] = 0x80;
    size_t tl = left < 56 ? 64 : 128;
    uint64_t bits = (uint64_t)n * 8;
    for (int i = 0; i < 8; i++) tail[tl - 1 - i] = (unsigned char)(bits >> (8 * i));
    sha_block(h, tail);
    if (tl == 128) sha_block(h, tail + 64);
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (unsigned char)(h[i] >> 24);
        out[4 * i + 1] = (unsigned char)(h[i] >> 16);
        out[4 * i + 2] = (unsigned char)(h[i] >> 8);
        out[4 * i + 3] = (unsigned char)h[i];
    }
}

char *amicus__csp_hash(const char *data, size_t n, char *buf, size_t size) {
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    unsigned char d[33] = {0};
    amicus__sha256(data, n, d);
    char enc[48];
    size_t o = 0;
    for (int i = 0; i < 33; i += 3) {
        uint32_t v = (uint32_t)d[i] << 16 | (uint32_t)d[i + 1] << 8 | d[i + 2];
        enc[o++] = b64[(v >> 18) & 63];
        enc[o++] = b64[(v >> 12) & 63];
        enc[o++] = i + 1 < 32 ? b64[(v >> 6) & 63] : '=';
        enc[o++] = i + 2 < 32 ? b64[v & 63] : '=';
    }
    enc[o] = '\0';
    snprintf(buf, size, "'sha256-%s'", enc);
    return buf;
}

/* ------------------------------------------------------------ escaping */

static const char *html_esc(unsigned char c, char buf[16]) {
    (void)buf;
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&#39;";
    case '\n': case '\t': return NULL;
    default: return c >= 0x20 && c != 0x7f ? NULL : ""; /* other control characters dropped */
    }
}

void amicus__html_escn(FILE *o, const char *s, size_t n) {
    amicus__escape_utf8(o, s, n, html_esc, "&#xFFFD;");
}

void amicus__html_esc(FILE *o, const char *s) {
    if (s) amicus__html_escn(o, s, strlen(s));
}

#define E(s) amicus__html_esc(o, (s))

/* ------------------------------------------------------------ static parts */

static const char CSS[] =
    ":root{--fg:#1a1a1a;--mut:#4a4a4a;--bg:#fff;--line:#c8c8c8;--acc:#1a56db;"
    "--err:#a4001d;--warn:#7a4d00;--note:#1d4f91;--ok:#1b6e20;--na:#5a5a5a;"
    "--herr:#ffd5d9;--hwarn:#ffe9a8;--hnote:#dce9ff;--hev:#d4f0d4}\n"
    "*{box-sizing:border-box}[hidden]{display:none!important}\n"
    "body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif;color:var(--fg);background:var(--bg)}\n"
    "a{color:var(--acc)}:focus-visible{outline:3px solid var(--acc);outline-offset:2px}\n"
    ".skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5em}.skip:focus{left:.5em}\n"
    "header.top{padding:.75em 1.25em;border-bottom:1px solid var(--line);background:#f6f7f9}\n"
    "header.top h1{margin:0 0 .25em;font-size:1.4em}header.top p{margin:.2em 0;color:var(--mut)}\n"
    "#ctl{display:flex;flex-wrap:wrap;gap:.5em 1.25em;align-items:flex-start;margin-top:.5em}\n"
    "#ctl fieldset{border:1px solid var(--line);border-radius:4px;padding:.2em .6em;margin:0}\n"
    "#ctl legend{font-weight:600;font-size:.9em}#ctl label{margin-right:.6em;white-space:nowrap;font-size:.92em}\n"
    "#ctl input[type=search]{font:inherit;padding:.2em .4em;min-width:14em;border:1px solid #767676;border-radius:3px}\n"
    "button{font:inherit;cursor:pointer;border:1px solid #767676;background:#fff;border-radius:3px;padding:.1em .5em;color:var(--fg)}\n"
    "#sr-status,#shown{font-size:.9em;color:var(--mut);margin-left:.4em}\n"
    "main{padding:0 1.25em 2em}#toc ul{margin:.3em 0}\n"
    "section.doc{border-top:3px solid var(--fg);margin-top:1.5em;padding-top:.5em}\n"
    "section.doc>h2{margin:.2em 0}.meta{color:var(--mut);margin:.2em 0 .6em}\n"
    ".warnings{border-left:4px solid var(--warn);padding:.2em .8em;background:#fff8e6}\n"
    ".overview{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1.25em;align-items:start}\n"
    "@media (max-width:900px){.overview,.cols{grid-template-columns:1fr!important}}\n"
    "ol.demands{list-style:none;padding:0;margin:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(15em,1fr));gap:.6em}\n"
    ".demand{border:1px solid var(--line);border-radius:6px;padding:.5em .7em;border-top:8px solid var(--na);background:#fafafa}\n"
    ".demand .st{display:inline-block;font-weight:700;color:#fff;background:var(--na);border-radius:3px;padding:0 .45em;margin-left:.3em;font-size:.85em;text-transform:uppercase;letter-spacing:.03em}\n"
    ".demand.met{border-top-color:var(--ok)}.demand.met .st{background:var(--ok)}\n"
    ".demand.partly{border-top-color:#b36b00}.demand.partly .st{background:var(--warn)}\n"
    ".demand.unmet{border-top-color:var(--err)}.demand.unmet .st{background:var(--err)}\n"
    ".demand h4{margin:0;font-size:1em}.demand p{margin:.3em 0;font-size:.92em}.demand .ev{color:var(--mut)}\n"
    ".legend{font-size:.85em;color:var(--mut)}.legend span{display:inline-block;width:.9em;height:.9em;vertical-align:-.1em;margin:0 .2em 0 .6em;border-radius:2px}\n"
    ".legend .met{background:var(--ok)}.legend .partly{background:var(--warn)}.legend .unmet{background:var(--err)}.legend .na{background:var(--na)}\n"
    "svg.chart{max-width:100%;height:auto}svg.chart text{font:12px system-ui,sans-serif;fill:#1a1a1a}svg.chart rect.bar{fill:#2f4f8a}\n"
    "svg.chart g.off text{fill:#767676}.chart-note{font-size:.88em;color:var(--mut);margin:.2em 0}\n"
    "li.demand{scroll-margin-top:.75em}li.demand.cur,li.demand:target{box-shadow:0 0 0 4px var(--acc);background:#eef3ff}\n"
    ".cols{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1.25em;align-items:start;margin-top:1em}\n"
    ".panel{position:sticky;top:0;max-height:100vh;overflow:auto;border-left:1px solid var(--line);padding-left:1em}\n"
    ".body{font-family:Georgia,'Times New Roman',serif;font-size:1.02em}\n"
    ".n{white-space:pre-wrap}.n .n{margin-left:1.2em}.n.g,.n.p{margin:.8em 0}.n.g>.n,.n.p>.n{margin-left:0}\n"
    ".nh{font-family:system-ui,sans-serif;margin:.6em 0 .2em;white-space:pre-wrap}h4.nh{font-size:1.1em}h5.nh{font-size:1em}\n"
    ".n.para,.n.item,.n.pre{margin:.25em 0}\n"
    "mark{color:inherit}mark.hl{background:var(--hnote);border-bottom:2px solid var(--note);cursor:pointer}\n"
    "mark.hl.s3{background:var(--herr);border-bottom-color:var(--err)}mark.hl.s2{background:var(--hwarn);border-bottom-color:var(--warn)}\n"
    "mark.hl.ev{background:var(--hev);border-bottom-color:var(--ok)}mark.hl.off{background:none;border-bottom:none;cursor:auto}\n"
    "mark.hl.cur{outline:3px solid var(--acc);outline-offset:1px}mark.sr{background:#ffef5a;outline:1px solid #8a7a00}mark.sr.cur{background:#ff9d2e}\n"
    ".grp{margin-bottom:1em}.grp h4{margin:.6em 0 .3em;font-size:1em}.grp ol{list-style:none;padding:0;margin:0}\n"
    "li.f{border:1px solid var(--line);border-left:6px solid var(--note);border-radius:4px;padding:.4em .6em;margin:.4em 0;background:#fff}\n"
    "li.f.s3{border-left-color:var(--err)}li.f.s2{border-left-color:var(--warn)}li.f.ev{border-left-color:var(--ok)}li.f.dis{opacity:.75;border-style:dashed}\n"
    "li.f.cur{box-shadow:0 0 0 3px var(--acc)}li.f p{margin:.25em 0}li.f .go{font-weight:600}\n"
    ".sev{font-size:.8em;font-weight:700;text-transform:uppercase;padding:0 .35em;border-radius:3px;color:#fff;background:var(--note);margin-left:.3em}\n"
    ".sev.s3{background:var(--err)}.sev.s2{background:var(--warn)}.sev.ev{background:var(--ok)}\n"
    "li.f blockquote{margin:.3em 0;padding:.1em .6em;border-left:3px solid var(--line);color:#333;font-family:Georgia,serif}\n"
    "li.f dl{margin:.3em 0;font-size:.92em}li.f dt{font-weight:600;float:left;clear:left;margin-right:.4em}li.f dd{margin:0 0 .2em}\n"
    "code{font-size:.88em;background:#f0f0f0;padding:0 .2em;border-radius:2px}.cite{color:var(--mut);font-size:.85em}\n"
    ".errors{border:2px solid var(--err);padding:.5em 1em;margin-top:1.5em}\n"
    "footer{padding:1em 1.25em;color:var(--mut);border-top:1px solid var(--line);font-size:.9em}\n"
    ".keys{font-size:.85em;color:var(--mut)}kbd{border:1px solid #999;border-radius:3px;padding:0 .25em;font-size:.9em}\n"
    "@media print{header.top #ctl,.skip,.keys,.go-note,#toc{display:none!important}body{font-size:11pt}"
    "main{padding:0}.overview,.cols{display:block}.panel{position:static;max-height:none;overflow:visible;border:0;padding:0}"
    ".cols{display:flex;flex-direction:column}.cols>.panel{order:-1}"
    "section.doc{break-before:page;border-top:0}section.doc:first-of-type{break-before:auto}"
    "li.f,.demand{break-inside:avoid}a{color:inherit;text-decoration:none}"
    "mark.hl,.demand,.demand .st,.sev,li.f,.legend span,svg.chart rect{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    "button.go{border:0;padding:0}}\n";

static const char JS[] =
    "(function(){'use strict';var d=document;\n"
    "function all(s,r){return Array.prototype.slice.call((r||d).querySelectorAll(s));}\n"
    "function ids(m){return (m.getAttribute('data-f')||'').split(' ');}\n"
    "var shownOut=d.getElementById('shown'),srOut=d.getElementById('sr-status'),q=d.getElementById('q');\n"
    "function state(){var c={},s={};all('input[name=c]').forEach(function(i){c[i.value]=i.checked;});\n"
    " all('input[name=s]').forEach(function(i){s[i.value]=i.checked;});\n"
    " return {c:c,s:s,ev:d.getElementById('f-ev').checked,dis:d.getElementById('f-dis').checked};}\n"
    "function visible(li,st){if(li.getAttribute('data-dis')&&!st.dis)return false;\n"
    " if(st.c[li.getAttribute('data-c')]===false)return false;\n"
    " if(li.getAttribute('data-k')==='evidence')return st.ev;\n"
    " return st.s[li.getAttribute('data-s')]!==false;}\n"
    "function chart(sec,st){var svg=sec.querySelector('svg.chart');if(!svg)return;\n"
    " var per={},max=1,shown=0,risks=0,x0=+svg.getAttribute('data-x'),bw=+svg.getAttribute('data-w'),desc=[];\n"
    " all('li.f[data-k=risk]',sec).forEach(function(li){if(!li.getAttribute('data-dis'))risks++;if(li.hidden)return;\n"
    "  var c=li.getAttribute('data-c');per[c]=(per[c]||0)+1;shown++;if(per[c]>max)max=per[c];});\n"
    " all('g[data-c]',svg).forEach(function(g){var c=g.getAttribute('data-c'),n=per[c]||0,w=Math.round(bw*n/max);if(n&&w<2)w=2;\n"
    "  g.querySelector('rect').setAttribute('width',String(w));var t=g.querySelector('text.v');t.setAttribute('x',String(x0+w+6));t.textContent=String(n);\n"
    "  var tt=g.querySelector('title');tt.textContent=tt.textContent.replace(/: \\d+$/,': '+n);g.classList.toggle('off',st.c[c]===false);desc.push(c+': '+n);});\n"
    " var ds=svg.querySelector('desc');if(ds)ds.textContent=desc.join(', ');\n"
    " var note=sec.querySelector('.chart-note');if(note)note.textContent=shown===risks?'':'Counting the '+shown+' risk'+(shown===1?'':'s')+' the filters show (of '+risks+').';}\n"
    "function apply(){var st=state(),total=0,on=0;\n"
    " all('section.doc').forEach(function(sec){var vis={};\n"
    "  all('li.f',sec).forEach(function(li){var v=visible(li,st);li.hidden=!v;vis[li.getAttribute('data-n')]=v;total++;if(v)on++;});\n"
    "  all('mark.hl',sec).forEach(function(m){m.classList.toggle('off',!ids(m).some(function(k){return vis[k];}));});\n"
    "  all('.grp',sec).forEach(function(g){var n=all('li.f',g).filter(function(li){return !li.hidden;}).length;\n"
    "   g.hidden=n===0;var c=g.querySelector('.cnt');if(c)c.textContent=String(n);});chart(sec,st);});\n"
    " if(shownOut)shownOut.textContent=on+' of '+total+' findings shown';}\n"
    "d.getElementById('ctl').addEventListener('submit',function(e){e.preventDefault();});\n"
    "all('#ctl input[type=checkbox]').forEach(function(i){i.addEventListener('change',apply);});\n"
    "var last=null;\n"
    "function clearCur(){all('.cur').forEach(function(e){if(!e.classList.contains('sr'))e.classList.remove('cur');});}\n"
    "function marksOf(li){var sec=li.closest('section.doc'),k=li.getAttribute('data-n');\n"
    " return all('mark.hl',sec).filter(function(m){return ids(m).indexOf(k)>=0;});}\n"
    "function go(li){var ms=marksOf(li);if(!ms.length)return;clearCur();last=li;li.classList.add('cur');\n"
    " ms.forEach(function(m){m.classList.add('cur');m.classList.remove('off');});\n"
    " var m=ms[0];m.setAttribute('tabindex','-1');m.scrollIntoView({block:'center'});m.focus({preventScroll:true});\n"
    " if(history.replaceState)history.replaceState(null,'','#'+li.id);}\n"
    "function back(m){var sec=m.closest('section.doc'),li=null;\n"
    " if(last&&last.closest('section.doc')===sec&&ids(m).indexOf(last.getAttribute('data-n'))>=0)li=last;\n"
    " if(!li)ids(m).some(function(k){var e=d.getElementById(sec.id+'-f'+k);if(e&&!e.hidden){li=e;return true;}return false;});\n"
    " if(!li)return;clearCur();li.classList.add('cur');li.scrollIntoView({block:'center'});\n"
    " var b=li.querySelector('button.go');(b||li).focus({preventScroll:true});}\n"
    "d.addEventListener('click',function(e){var t=e.target;\n"
    " var b=t.closest&&t.closest('button.go');if(b){go(b.closest('li.f'));return;}\n"
    " var a=t.closest&&t.closest('a.fl');if(a){var li=d.getElementById(a.getAttribute('href').slice(1));if(li){e.preventDefault();li.hidden=false;\n"
    "  clearCur();li.classList.add('cur');li.scrollIntoView({block:'center'});var bb=li.querySelector('button.go');(bb||li).focus({preventScroll:true});}return;}\n"
    " var m=t.closest&&t.closest('mark.hl');if(m&&!m.classList.contains('off'))back(m);});\n"
    "d.addEventListener('keydown',function(e){var t=e.target,typing=t&&(t.tagName==='TEXTAREA'||(t.tagName==='INPUT'&&/^(search|text)$/.test(t.type)));\n"
    " if(t&&t.matches&&t.matches('mark.hl')&&(e.key==='Escape'||e.key==='Backspace'||e.key==='Enter')){e.preventDefault();back(t);return;}\n"
    " if(typing){if(t===q&&e.key==='Enter'){e.preventDefault();step(e.shiftKey?-1:1);}if(t===q&&e.key==='Escape'){q.value='';search('');}return;}\n"
    " if(e.ctrlKey||e.metaKey||e.altKey)return;\n"
    " if(e.key==='/'){e.preventDefault();q.focus();return;}\n"
    " if(e.key==='j'||e.key==='k'){var bs=all('li.f:not([hidden]) button.go');if(!bs.length)return;\n"
    "  var i=bs.indexOf(d.activeElement);if(i<0&&last)i=bs.indexOf(last.querySelector('button.go'));\n"
    "  i=e.key==='j'?Math.min(bs.length-1,i+1):Math.max(0,i<0?0:i-1);bs[i].focus();bs[i].scrollIntoView({block:'nearest'});e.preventDefault();}});\n"
    "var hits=[],cur=-1;\n"
    "function clearSearch(){all('mark.sr').forEach(function(m){var p=m.parentNode;p.replaceChild(d.createTextNode(m.textContent),m);p.normalize();});hits=[];cur=-1;}\n"
    "function search(v){clearSearch();v=v||'';if(v.length<2){srOut.textContent=v?'type at least 2 characters':'';return;}\n"
    " var lv=v.toLowerCase();all('.body').forEach(function(b){var w=d.createTreeWalker(b,NodeFilter.SHOW_TEXT,null),ns=[];\n"
    "  while(w.nextNode())ns.push(w.currentNode);\n"
    "  ns.forEach(function(t){var s=t.nodeValue,l=s.toLowerCase();if(l.length!==s.length)l=s;var i=l.indexOf(lv);if(i<0)return;\n"
    "   var fr=d.createDocumentFragment(),p=0;while(i>=0){fr.appendChild(d.createTextNode(s.slice(p,i)));\n"
    "    var m=d.createElement('mark');m.className='sr';m.textContent=s.slice(i,i+v.length);fr.appendChild(m);hits.push(m);\n"
    "    p=i+v.length;i=l.indexOf(lv,p);}fr.appendChild(d.createTextNode(s.slice(p)));t.parentNode.replaceChild(fr,t);});});\n"
    " srOut.textContent=hits.length?hits.length+' matches (Enter: next, Shift+Enter: previous)':'no match';if(hits.length)step(1);}\n"
    "function step(k){if(!hits.length)return;if(cur>=0)hits[cur].classList.remove('cur');cur=(cur+k+hits.length)%hits.length;\n"
    " hits[cur].classList.add('cur');hits[cur].scrollIntoView({block:'center'});srOut.textContent='match '+(cur+1)+' of '+hits.length;}\n"
    "var timer=null;q.addEventListener('input',function(){clearTimeout(timer);timer=setTimeout(function(){search(q.value);},250);});\n"
    "d.getElementById('sr-next').addEventListener('click',function(){if(!hits.length)search(q.value);else step(1);});\n"
    "d.getElementById('sr-prev').addEventListener('click',function(){step(-1);});\n"
    "var docs=all('section.doc');if(docs.length>1){var toc=d.getElementById('toc'),ul=d.createElement('ul');\n"
    " docs.forEach(function(s){var li=d.createElement('li'),a=d.createElement('a');a.href='#'+s.id;a.textContent=s.querySelector('h2').textContent;li.appendChild(a);ul.appendChild(li);});\n"
    " var h=d.createElement('h2');h.textContent=docs.length+' documents';toc.appendChild(h);toc.appendChild(ul);toc.hidden=false;}\n"
    "if(docs.length===1)d.title=docs[0].querySelector('h2').textContent+' \\u2014 amicus report';\n"
    "apply();\n"
    "function target(){var h=location.hash.slice(1),el=h&&d.getElementById(h);if(!el)return;\n"
    " if(el.classList.contains('f'))go(el);\n"
    " else if(el.classList.contains('demand')){clearCur();el.classList.add('cur');el.setAttribute('tabindex','-1');\n"
    "  el.scrollIntoView({block:'start'});el.focus({preventScroll:true});}}\n"
    "target();window.addEventListener('hashchange',target);\n"
    "})();\n";

const char *amicus__html_csp(const char *css, size_t css_len, const char *js, size_t js_len, char *buf, size_t size) {
    char sh[64], jh[64];
    amicus__csp_hash(css, css_len, sh, sizeof sh);
    if (js) {
        amicus__csp_hash(js, js_len, jh, sizeof jh);
        snprintf(buf, size,
                 "default-src 'none'; script-src %s; style-src %s; img-src data:; base-uri 'none'; "
                 "form-action 'none'",
                 jh, sh);
    } else {
        snprintf(buf, size, "default-src 'none'; style-src %s; img-src data:; base-uri 'none'; form-action 'none'", sh);
    }
    return buf;
}

const char *amicus__html_report_csp(char *buf, size_t size) {
    return amicus__html_csp(CSS, sizeof CSS - 1, JS, sizeof JS - 1, buf, size);
}

static const char *const concern_ids[AMICUS_CONCERN_COUNT] = {
    "SCOPE", "RESEARCH", "SAFEGUARDS", "GENDER", "SURVEILLANCE", "SHARING", "EXPRESSION"};

void amicus__html_begin(amicus_renderer *rd) {
    FILE *o = rd->out;
    char csp[400];
    amicus__html_report_csp(csp, sizeof csp);
    fprintf(o,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"%s\">\n"
            "<meta name=\"referrer\" content=\"no-referrer\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"generator\" content=\"amicus %s\">\n"
            "<title>amicus report</title>\n<style>",
            csp, AMICUS_VERSION);
    fputs(CSS, o);
    fputs("</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to the report</a>\n"
          "<header class=\"top\">\n<h1>amicus: human-rights review</h1>\n"
          "<p>Findings against the six concerns and six demands of the joint civil-society "
          "statement on the UN Cybercrime Convention. Check every quotation against the official "
          "text before citing it.</p>\n"
          "<form id=\"ctl\" role=\"search\" aria-label=\"Filter findings and search the text\">\n<fieldset><legend>Concern</legend>",
          o);
    for (int k = 0; k < AMICUS_CONCERN_COUNT; k++) {
        fputs("<label title=\"", o);
        E(amicus__concern_title((amicus_concern)k));
        fprintf(o, "\"><input type=\"checkbox\" name=\"c\" value=\"%s\" checked> %s</label>",
                concern_ids[k], concern_ids[k]);
    }
    fprintf(o, "</fieldset>\n<fieldset><legend>Severity</legend>"
               "<label><input type=\"checkbox\" name=\"s\" value=\"error\" checked> error</label>"
               "<label><input type=\"checkbox\" name=\"s\" value=\"warning\" checked> warning</label>"
               "<label><input type=\"checkbox\" name=\"s\" value=\"note\" checked> note</label>"
               "</fieldset>\n<fieldset><legend>Also show</legend>"
               "<label><input type=\"checkbox\" id=\"f-ev\" checked> protections found</label>"
               "<label><input type=\"checkbox\" id=\"f-dis\"%s> dismissed in review</label>"
               "</fieldset>\n<fieldset><legend>Search the text</legend>"
               "<input type=\"search\" id=\"q\" aria-label=\"Search the text\" placeholder=\"words\" "
               "aria-describedby=\"sr-status\">"
               " <button type=\"button\" id=\"sr-prev\" aria-label=\"Previous match\">&#8593;</button>"
               " <button type=\"button\" id=\"sr-next\" aria-label=\"Next match\">&#8595;</button>"
               "<span id=\"sr-status\" role=\"status\" aria-live=\"polite\"></span></fieldset>\n"
               "<output id=\"shown\" aria-live=\"polite\"></output>\n</form>\n"
               "<p class=\"keys\">Keys: <kbd>/</kbd> search, <kbd>j</kbd>/<kbd>k</kbd> next or "
               "previous finding, <kbd>Enter</kbd> show its words in the text, <kbd>Esc</kbd> on "
               "the words: back to the finding.</p>\n"
               "</header>\n<main id=\"main\">\n<nav id=\"toc\" aria-label=\"Documents\" hidden></nav>\n",
            rd->o.show_dismissed ? " checked" : "");
}

/* ------------------------------------------------------------ the text */

typedef struct span { size_t start, end; size_t k; } span;

typedef struct tctx {
    FILE *o;
    const amicus_doc *doc;
    const char *text;
    size_t len;
    const char *id;          /* "d1" */
    span *spans;             /* findings with words in the text */
    size_t nspans;
    size_t *bounds;          /* sorted unique starts and ends */
    size_t nbounds;
    const amicus_finding **byk; /* finding at sorted position k */
    unsigned char *opened;   /* k: first segment already written */
    size_t *markof;          /* k: number N of the mark element id="dX-mN" holding its first words */
} tctx;

static int cmp_size(const void *a, const void *b) {
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

static size_t next_bound(const tctx *t, size_t pos) {
    size_t lo = 0, hi = t->nbounds;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t->bounds[mid] <= pos) lo = mid + 1;
        else hi = mid;
    }
    return lo < t->nbounds ? t->bounds[lo] : (size_t)-1;
}

static int is_ws(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

/* Text [a, b) with the findings that cover it marked: one <mark> per run of identical cover,
 * so overlapping findings never nest. Leading and trailing white space is dropped (the
 * elements around it make the breaks). */
static void text_run(tctx *t, size_t a, size_t b) {
    while (a < b && is_ws(t->text[a])) a++;
    while (b > a && is_ws(t->text[b - 1])) b--;
    FILE *o = t->o;
    size_t pos = a;
    while (pos < b) {
        size_t nb = t->nspans ? next_bound(t, pos) : (size_t)-1;
        size_t end = nb < b ? nb : b;
        int any = 0, sev = 0, risk = 0;
        for (size_t i = 0; i < t->nspans; i++) {
            const span *s = &t->spans[i];
            if (s->start <= pos && s->end > pos) {
                const amicus_finding *f = t->byk[s->k];
                if (!amicus__is_evidence(f)) { risk = 1; if ((int)f->severity > sev) sev = f->severity; }
                any = 1;
            }
        }
        if (any) {
            fprintf(o, "<mark class=\"hl %s\" data-f=\"", risk ? (sev == 3 ? "s3" : sev == 2 ? "s2" : "s1") : "ev");
            size_t first = (size_t)-1, nf = 0;
            for (size_t i = 0; i < t->nspans; i++) {
                const span *s = &t->spans[i];
                if (s->start <= pos && s->end > pos) {
                    fprintf(o, "%s%zu", nf++ ? " " : "", s->k);
                    if (!t->opened[s->k] && first == (size_t)-1) first = s->k;
                }
            }
            putc('"', o);
            if (first != (size_t)-1) fprintf(o, " id=\"%s-m%zu\"", t->id, first);
            for (size_t i = 0; i < t->nspans; i++) {
                const span *s = &t->spans[i];
                if (s->start <= pos && s->end > pos && !t->opened[s->k]) {
                    t->opened[s->k] = 1;
                    t->markof[s->k] = first;
                }
            }
            fputs(">", o);
            amicus__html_escn(o, t->text + pos, end - pos);
            fputs("</mark>", o);
        } else {
            amicus__html_escn(o, t->text + pos, end - pos);
        }
        pos = end;
    }
}

static size_t clamp_utf8(const char *text, size_t len, size_t x) {
    if (x > len) x = len;
    while (x > 0 && x < len && ((unsigned char)text[x] & 0xC0) == 0x80) x--;
    return x;
}

static void node_out(tctx *t, const amicus_node *n, size_t lo, size_t hi, int level) {
    FILE *o = t->o;
    size_t s = clamp_utf8(t->text, t->len, n->start), e = clamp_utf8(t->text, t->len, n->end);
    if (s < lo) s = lo;
    if (e > hi) e = hi;
    if (e < s) e = s;
    const char *cls = "n";
    int heading = 0;
    switch (n->type) {
    case AMICUS_NODE_GROUP: cls = "n g"; heading = 4; break;
    case AMICUS_NODE_PROVISION: cls = "n p"; heading = 5; break;
    case AMICUS_NODE_PARAGRAPH: cls = "n para"; break;
    case AMICUS_NODE_ITEM: cls = "n item"; break;
    default: cls = "n pre"; break;
    }
    const char *tag = heading ? "section" : "div";
    if (n->type != AMICUS_NODE_DOCUMENT) {
        char path[256];
        amicus_node_path(t->doc, n, path, sizeof path);
        fprintf(o, "<%s class=\"%s\" id=\"%s-n%d\" data-path=\"", tag, cls, t->id, (int)n->index);
        E(path);
        fputs("\"", o);
        if (n->lang && strcmp(n->lang, "und")) { fputs(" lang=\"", o); E(n->lang); fputs("\"", o); }
        fputs(">", o);
    }
    size_t pos = s;
    if (heading && n->body_start > s && n->body_start <= e) {
        size_t he = clamp_utf8(t->text, t->len, n->body_start);
        while (he > s && (t->text[he - 1] == '\n' || t->text[he - 1] == ' ')) he--;
        if (he > s) {
            fprintf(o, "<h%d class=\"nh\">", heading);
            text_run(t, s, he);
            fprintf(o, "</h%d>", heading);
            pos = he;
        }
    }
    for (int32_t c = n->first_child; c >= 0;) {
        const amicus_node *ch = amicus_doc_node(t->doc, (size_t)c);
        if (!ch) break;
        size_t cs = clamp_utf8(t->text, t->len, ch->start);
        if (cs > e) break;
        if (cs > pos) text_run(t, pos, cs);
        node_out(t, ch, pos > cs ? pos : cs, e, level + 1);
        size_t ce = clamp_utf8(t->text, t->len, ch->end);
        if (ce > pos) pos = ce > e ? e : ce;
        c = ch->next_sibling;
    }
    if (pos < e) text_run(t, pos, e);
    if (n->type != AMICUS_NODE_DOCUMENT) fprintf(o, "</%s>", tag); /* no line feed: pre-wrap would show it */
}

/* ------------------------------------------------------------ one document */

static const char *sev_class(const amicus_finding *f) {
    if (amicus__is_evidence(f)) return "ev";
    return f->severity == AMICUS_SEV_ERROR ? "s3" : f->severity == AMICUS_SEV_WARNING ? "s2" : "s1";
}

static const char *status_class(amicus_demand_status s) {
    switch (s) {
    case AMICUS_DEMAND_MET: return "met";
    case AMICUS_DEMAND_PARTLY: return "partly";
    case AMICUS_DEMAND_UNMET: return "unmet";
    default: return "na";
    }
}

static void finding_item(FILE *o, const char *id, size_t k, const amicus_finding *f,
                         const amicus_review *rv, size_t mark, size_t quote_max) {
    int marked = mark != (size_t)-1;
    int ev = amicus__is_evidence(f);
    fprintf(o, "<li class=\"f %s%s\" id=\"%s-f%zu\" data-n=\"%zu\" data-c=\"%s\" data-s=\"%s\" data-k=\"%s\"%s>",
            sev_class(f), f->dismissed ? " dis" : "", id, k, k,
            (unsigned)f->concern < AMICUS_CONCERN_COUNT ? concern_ids[f->concern] : "?",
            amicus_severity_name(f->severity), ev ? "evidence" : "risk",
            f->dismissed ? " data-dis=\"1\"" : "");
    const char *where = f->path ? f->path : "The document as a whole";
    if (marked) {
        fprintf(o, "<button type=\"button\" class=\"go\" aria-controls=\"%s-m%zu\" aria-label=\"", id, mark);
        fputs("Show in the text: ", o);
        E(where);
        fputs(", ", o);
        E(f->rule);
        fputs("\">", o);
        E(where);
        fputs("</button>", o);
    } else {
        fputs("<strong>", o);
        E(where);
        fputs("</strong>", o);
    }
    fprintf(o, " <span class=\"sev %s\">%s</span>", sev_class(f),
            ev ? "protection" : amicus_severity_name(f->severity));
    if (f->dismissed) fputs(" <em>(dismissed)</em>", o);
    if (f->loc.line) {
        fprintf(o, " <span class=\"cite\">line %lu", f->loc.line);
        if (f->loc.page) fprintf(o, ", page %lu", f->loc.page);
        fputs("</span>", o);
    }
    fputs("\n<p class=\"msg\">", o);
    E(f->message);
    fputs("</p>", o);
    if (f->quote && *f->quote) {
        char *q = amicus__display(f->quote, quote_max * 3);
        fputs("<blockquote>", o);
        E(q ? q : f->quote);
        fputs("</blockquote>", o);
        amicus__free(q);
    }
    fputs("<dl>", o);
    if (f->standard && *f->standard) { fputs("<dt>Standard</dt><dd>", o); E(f->standard); fputs("</dd>", o); }
    if (!ev && f->remedy && *f->remedy) { fputs("<dt>Ask</dt><dd>", o); E(f->remedy); fputs("</dd>", o); }
    const amicus_review_entry *e = amicus_review_find(rv, f->fingerprint);
    if (e) {
        fprintf(o, "<dt>Review</dt><dd>%s on ", amicus_review_decision_name(e->decision));
        E(e->date);
        fputs(": ", o);
        E(e->reason);
        fputs("</dd>", o);
    }
    fputs("</dl><p class=\"cite\">Rule <code>", o);
    E(f->rule);
    fprintf(o, "</code>, demand %d, fingerprint <code>", f->demand);
    E(f->fingerprint);
    fputs("</code></p></li>\n", o);
}

static void chart(FILE *o, const char *id, const size_t per[AMICUS_CONCERN_COUNT]) {
    size_t max = 1;
    for (int k = 0; k < AMICUS_CONCERN_COUNT; k++) if (per[k] > max) max = per[k];
    const int row = 24, label = 110, barw = 220, h = AMICUS_CONCERN_COUNT * row + 8;
    fprintf(o, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
               "viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"%s-cht %s-chd\" data-x=\"%d\" data-w=\"%d\">"
               "<title id=\"%s-cht\">Risks per concern</title><desc id=\"%s-chd\" aria-live=\"polite\">",
            label + barw + 50, h, label + barw + 50, h, id, id, label, barw, id, id);
    for (int k = 0; k < AMICUS_CONCERN_COUNT; k++)
        fprintf(o, "%s%s: %zu", k ? ", " : "", concern_ids[k], per[k]);
    fputs("</desc>", o);
    for (int k = 0; k < AMICUS_CONCERN_COUNT; k++) {
        int y = 4 + k * row;
        int w = (int)((double)barw * (double)per[k] / (double)max + 0.5);
        if (per[k] && w < 2) w = 2;
        fprintf(o, "<g data-c=\"%s\"><title>", concern_ids[k]);
        E(amicus__concern_title((amicus_concern)k));
        fprintf(o, ": %zu</title><text x=\"0\" y=\"%d\">%s</text>"
                   "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"2\"/>"
                   "<text class=\"v\" x=\"%d\" y=\"%d\">%zu</text></g>",
                per[k], y + 16, concern_ids[k], label, y + 3, w, row - 8, label + w + 6, y + 16, per[k]);
    }
    fputs("</svg>", o);
}

void amicus__html_doc(amicus_renderer *rd, const amicus_doc *doc, const amicus_report *r,
                      const amicus_review *rv) {
    FILE *o = rd->out;
    char id[32];
    snprintf(id, sizeof id, "d%zu", rd->sum.documents);
    size_t n = amicus_report_finding_count(r);
    size_t *ix = amicus__sorted(r);
    size_t *pos = amicus__malloc((n ? n : 1) * sizeof *pos);
    const amicus_finding **byk = amicus__malloc((n ? n : 1) * sizeof *byk);
    span *spans = amicus__malloc((n ? n : 1) * sizeof *spans);
    size_t *bounds = amicus__malloc((2 * n + 1) * sizeof *bounds);
    unsigned char *opened = amicus__calloc(n ? n : 1, 1);
    size_t *markof = amicus__malloc((n ? n : 1) * sizeof *markof);
    if (!ix || !pos || !byk || !spans || !bounds || !opened || !markof) {
        fputs("<p class=\"errors\">amicus ran out of memory writing this document.</p>\n", o);
        goto done;
    }
    size_t len = 0;
    const char *text = amicus_doc_text(doc, &len);
    if (!text) text = "";
    size_t nspans = 0, nb = 0;
    for (size_t k = 0; k < n; k++) {
        const amicus_finding *f = amicus_report_finding(r, ix[k]);
        byk[k] = f;
        pos[ix[k]] = k;
        if (!f->path || f->end <= f->start || f->start >= len) continue;
        size_t s = clamp_utf8(text, len, f->start), e = f->end > len ? len : f->end;
        while (e < len && ((unsigned char)text[e] & 0xC0) == 0x80) e++;
        if (e <= s) continue;
        spans[nspans++] = (span){s, e, k};
        bounds[nb++] = s;
        bounds[nb++] = e;
    }
    for (size_t k = 0; k < n; k++) markof[k] = (size_t)-1;
    qsort(bounds, nb, sizeof *bounds, cmp_size);
    size_t u = 0;
    for (size_t i = 0; i < nb; i++) if (!u || bounds[u - 1] != bounds[i]) bounds[u++] = bounds[i];
    nb = u;

    const char *title = amicus_doc_title(doc) ? amicus_doc_title(doc) : amicus_doc_name(doc);
    fprintf(o, "<section class=\"doc\" id=\"%s\" aria-labelledby=\"%s-h\">\n<h2 id=\"%s-h\">", id, id, id);
    E(title);
    fputs("</h2>\n<p class=\"meta\">", o);
    E(amicus_doc_name(doc));
    amicus__counts c;
    amicus__count(r, &c);
    fprintf(o, " &middot; %s &middot; %zu provisions &middot; <strong>%zu risk%s</strong> (%zu error, %zu "
               "warning, %zu note) &middot; %zu protection%s found",
            amicus_format_name(amicus_doc_format(doc)), amicus_doc_provision_count(doc), c.findings,
            c.findings == 1 ? "" : "s", c.errors, c.warnings, c.notes, c.evidence, c.evidence == 1 ? "" : "s");
    if (c.dismissed) fprintf(o, " &middot; %zu dismissed in review", c.dismissed);
    fputs("</p>\n", o);
    size_t nw = amicus_doc_warning_count(doc);
    if (nw) {
        fputs("<div class=\"warnings\" role=\"note\"><p><strong>Read with warnings:</strong></p><ul>", o);
        for (size_t i = 0; i < nw; i++) {
            fputs("<li>", o);
            E(amicus_doc_warning(doc, i)->message);
            fputs("</li>", o);
        }
        fputs("</ul></div>\n", o);
    }

    /* scorecard and chart */
    fprintf(o, "<div class=\"overview\">\n<section aria-labelledby=\"%s-sc\"><h3 id=\"%s-sc\">Scorecard: the six demands</h3>\n"
               "<p class=\"legend\" aria-hidden=\"true\"><span class=\"unmet\"></span>unmet<span class=\"partly\"></span>partly met"
               "<span class=\"met\"></span>met<span class=\"na\"></span>not applicable</p>\n<ol class=\"demands\">\n",
            id, id);
    for (int dnum = 1; dnum <= 6; dnum++) {
        const amicus_demand_result *dr = amicus_report_demand(r, dnum);
        amicus_demand_status st = dr ? dr->status : AMICUS_DEMAND_NA;
        fprintf(o, "<li class=\"demand %s\" id=\"%s-dm%d\" data-status=\"%s\"><h4>Demand %d <span class=\"st\">%s</span></h4>"
                   "<p>", status_class(st), id, dnum, amicus_demand_status_name(st), dnum,
                st == AMICUS_DEMAND_NA ? "n/a" : amicus_demand_status_name(st));
        E(amicus_demand_statement(dnum));
        fputs("</p><p><em>", o);
        E(dr && dr->reason ? dr->reason : "Not evaluated.");
        fputs("</em></p>", o);
        int any = 0;
        for (size_t j = 0; dr && j < dr->nfindings; j++) {
            if (dr->findings[j] >= n) continue;
            const amicus_finding *f = amicus_report_finding(r, dr->findings[j]);
            if (!f || f->dismissed) continue;
            fputs(any++ ? ", " : "<p class=\"ev\">Evidence: ", o);
            fprintf(o, "<a class=\"fl\" href=\"#%s-f%zu\">", id, pos[dr->findings[j]]);
            E(f->path ? f->path : "document");
            fputs(" ", o);
            E(f->rule);
            fputs(amicus__is_evidence(f) ? " (protection)" : "", o);
            fputs("</a>", o);
        }
        if (any) fputs("</p>", o);
        fputs("</li>\n", o);
    }
    fputs("</ol></section>\n", o);
    size_t per[AMICUS_CONCERN_COUNT] = {0};
    for (size_t i = 0; i < n; i++) {
        const amicus_finding *f = amicus_report_finding(r, i);
        if (!f->dismissed && !amicus__is_evidence(f) && (unsigned)f->concern < AMICUS_CONCERN_COUNT)
            per[f->concern]++;
    }
    fprintf(o, "<section aria-labelledby=\"%s-ch\"><h3 id=\"%s-ch\">Risks per concern</h3>\n", id, id);
    chart(o, id, per);
    fputs("<p class=\"chart-note\" aria-live=\"polite\"></p></section>\n</div>\n", o);

    /* text and findings */
    fprintf(o, "<div class=\"cols\">\n<section class=\"text\" aria-labelledby=\"%s-tx\"><h3 id=\"%s-tx\">The text, "
               "with the findings marked</h3>\n<div class=\"body\">", id, id);
    tctx t = {o, doc, text, len, id, spans, nspans, bounds, nb, byk, opened, markof};
    const amicus_node *root = amicus_doc_node(doc, 0);
    if (root) node_out(&t, root, 0, len, 0);
    else text_run(&t, 0, len);
    fputs("</div></section>\n", o);

    fprintf(o, "<section class=\"panel\" aria-labelledby=\"%s-fd\"><h3 id=\"%s-fd\">Findings</h3>\n", id, id);
    if (!n) fputs("<p>No provision of the text matched a rule.</p>\n", o);
    for (int k = 0; k <= AMICUS_CONCERN_COUNT; k++) {
        /* the concerns in order, then the protections found */
        size_t cnt = 0;
        for (size_t j = 0; j < n; j++) {
            const amicus_finding *f = byk[j];
            int ev = amicus__is_evidence(f);
            if (k == AMICUS_CONCERN_COUNT ? !ev : (ev || (int)f->concern != k)) continue;
            if (!cnt++) {
                fprintf(o, "<section class=\"grp\" aria-labelledby=\"%s-g%d\"><h4 id=\"%s-g%d\">", id, k, id, k);
                if (k == AMICUS_CONCERN_COUNT) fputs("Protections found", o);
                else {
                    fprintf(o, "%s &mdash; ", concern_ids[k]);
                    E(amicus__concern_title((amicus_concern)k));
                }
                fputs(" (<span class=\"cnt\"></span>)</h4><ol>\n", o);
            }
            finding_item(o, id, j, f, rv, markof[j], rd->o.quote_max);
        }
        if (cnt) fputs("</ol></section>\n", o);
    }
    fputs("</section>\n</div>\n</section>\n", o);
done:
    amicus__free(ix);
    amicus__free(pos);
    amicus__free(byk);
    amicus__free(spans);
    amicus__free(bounds);
    amicus__free(opened);
    amicus__free(markof);
}

void amicus__html_finish(amicus_renderer *rd) {
    FILE *o = rd->out;
    size_t errors = 0;
    for (size_t i = 0; i < rd->notes.n; i++) errors += rd->notes.v[i].error;
    if (!rd->sum.documents) fputs("<p>No document was checked.</p>\n", o);
    if (errors) {
        fputs("<section class=\"errors\" role=\"alert\"><h2>Inputs that could not be read</h2><ul>\n", o);
        for (size_t i = 0; i < rd->notes.n; i++) {
            if (!rd->notes.v[i].error) continue;
            fputs("<li><code>", o);
            E(rd->notes.v[i].file);
            fputs("</code>: ", o);
            E(rd->notes.v[i].message);
            fputs("</li>\n", o);
        }
        fputs("</ul></section>\n", o);
    }
    fprintf(o, "</main>\n<footer><p>Written by amicus %s. This file is self-contained: it loads "
               "nothing from the network and can be opened offline.</p></footer>\n<script>",
            AMICUS_VERSION);
    fputs(JS, o);
    fputs("</script>\n</body>\n</html>\n", o);
}

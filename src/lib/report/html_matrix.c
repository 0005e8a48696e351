/* html_matrix.c — `amicus matrix --format html`: documents × demands as one self-contained heatmap page, each cell linking to the document's report at that demand. */
#include "report/report.h"
#include "report/html.h"
#include <stdlib.h>

#define E(s) amicus__html_esc(o, (s))

/* The statuses a cell can have, in the order of their sort value (worst last). */
enum { ST_ERROR, ST_NA, ST_MET, ST_PARTLY, ST_UNMET, ST_COUNT };
static const char *const st_key[ST_COUNT] = {"error", "n/a", "met", "partly", "unmet"};
static const char *const st_class[ST_COUNT] = {"error", "na", "met", "partly", "unmet"};
static const char *const st_word[ST_COUNT] = {"error", "n/a", "met", "partly", "unmet"};
/* a symbol for each, so that colour is never the only cue (the word follows it) */
static const char *const st_sym[ST_COUNT] = {"!", "&#x2013;", "&#x2713;", "&#x25D0;", "&#x2717;"};
static const char *const st_long[ST_COUNT] = {"could not be read", "not applicable", "met", "partly met", "unmet"};

static int st_of(amicus_demand_status s) {
    switch (s) {
    case AMICUS_DEMAND_MET: return ST_MET;
    case AMICUS_DEMAND_PARTLY: return ST_PARTLY;
    case AMICUS_DEMAND_UNMET: return ST_UNMET;
    default: return ST_NA;
    }
}

/* The numeric columns after document, jurisdiction and language. */
enum { C_PROV, C_ERR, C_WARN, C_NOTE, C_PROT, C_NUM };
static const char *const num_head[C_NUM] = {"Provisions", "Errors", "Warnings", "Notes", "Protections"};
/* the same with soft hyphens, so that narrow columns may break them */
static const char *const num_shy[C_NUM] = {"Provi&shy;sions", "Errors", "Warn&shy;ings", "Notes", "Protec&shy;tions"};
static const char *const num_title[C_NUM] = {
    "citable provisions found in the text", "risk findings at severity error",
    "risk findings at severity warning", "risk findings at severity note",
    "protections found (evidence findings)"};
#define FIRST_NUM 3                 /* column index of Provisions */
#define FIRST_DEMAND (FIRST_NUM + C_NUM)

typedef struct mrow { char *file; char *html; } mrow;
typedef struct mskip { char *file; char *why; } mskip;

struct amicus_matrix_html {
    amicus_matrix_html_options o;
    AMICUS_VEC(mrow) rows;
    AMICUS_VEC(mskip) skipped;
    size_t docs, failed, sums[C_NUM], tot[6][ST_COUNT];
};

static const char CSS[] =
    ":root{--fg:#1a1a1a;--mut:#4a4a4a;--line:#c8c8c8;--acc:#1a56db;--err:#a4001d}\n"
    "*{box-sizing:border-box}[hidden]{display:none!important}\n"
    ".vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}\n"
    "body{margin:0;font:16px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif;color:var(--fg);background:#fff}\n"
    "a{color:var(--acc)}:focus-visible{outline:3px solid var(--acc);outline-offset:2px}\n"
    ".skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5em}.skip:focus{left:.5em}\n"
    "header.top{padding:.75em 1.25em;border-bottom:1px solid var(--line);background:#f6f7f9}\n"
    "header.top h1{margin:0 0 .25em;font-size:1.4em}header.top p{margin:.25em 0}.mut,.sum{color:var(--mut)}\n"
    ".note{border-left:4px solid #7a4d00;padding:.1em .6em;background:#fff8e6}\n"
    "#ctl{display:flex;flex-wrap:wrap;gap:.4em 1em;align-items:center;margin:.5em 0 .2em}\n"
    "#ctl select,#ctl input,button{font:inherit;border:1px solid #767676;border-radius:3px;background:#fff;color:var(--fg);padding:.1em .4em}\n"
    "#ctl input[type=search]{min-width:14em}#ctl select{max-width:22em}button{cursor:pointer}#shown{color:var(--mut)}\n"
    ".keys{font-size:.85em;color:var(--mut)}kbd{border:1px solid #999;border-radius:3px;padding:0 .25em;font-size:.9em}\n"
    ".legend{display:flex;flex-wrap:wrap;gap:.4em;list-style:none;padding:0;margin:.4em 0}\n"
    ".legend li{padding:.1em .5em;border-radius:3px;font-size:.92em}\n"
    "main{padding:.5em 1.25em 2em}.wrap{overflow:auto;max-width:100%}\n"
    "table.matrix{border-collapse:collapse;font-size:.92em}\n"
    "table.matrix caption{text-align:left;font-weight:600;padding:.3em 0}\n"
    "table.matrix th,table.matrix td{border:1px solid var(--line);padding:.25em .4em;vertical-align:top;text-align:left;hyphens:manual}\n"
    "thead th{background:#eef0f4;position:sticky;top:0;z-index:1;vertical-align:bottom;font-size:.9em}\n"
    "thead th button{border:0;background:none;padding:0;font-weight:700;text-align:left;width:100%}\n"
    "thead th button::after{content:' \\2195';color:var(--mut);font-weight:400}\n"
    "thead th[aria-sort=ascending] button::after{content:' \\25B2';color:var(--fg)}\n"
    "thead th[aria-sort=descending] button::after{content:' \\25BC';color:var(--fg)}\n"
    "thead th.dm{min-width:6.5em;max-width:8.5em}.dn{display:block;font-weight:400;font-size:.85em}\n"
    "tbody th{font-weight:400;min-width:12em;max-width:24em}tbody th .t{font-weight:600}\n"
    ".file{display:block;font-size:.82em;color:var(--mut);word-break:break-all}\n"
    "td.num{text-align:right;font-variant-numeric:tabular-nums}td.num.z{color:#767676}\n"
    "td.d{padding:0;min-width:6em;white-space:nowrap}td.d>a,td.d>span{display:block;padding:.3em .5em;color:inherit;text-decoration:none}\n"
    "td.d>a:hover{text-decoration:underline}td.d>a:focus-visible{outline:3px solid var(--acc);outline-offset:-3px;box-shadow:inset 0 0 0 5px #fff}\n"
    "td:focus-visible,th:focus-visible{outline:3px solid var(--acc);outline-offset:-3px}\n"
    ".sym{display:inline-block;width:1.1em;text-align:center;font-weight:700}\n"
    ".unmet{background:#a4001d;color:#fff}.partly{background:#f5b942;color:#2b1a00}\n"
    ".met{background:#bfe5c1;color:#0b3d10}.na{background:#f0f0f0;color:#4a4a4a}\n"
    ".error{background:#fff;color:#a4001d;outline:2px dashed #a4001d;outline-offset:-3px}\n"
    "tr.failed th{background:#fff0f1}.err{color:#a4001d;font-size:.88em;margin:.2em 0 0}\n"
    "tfoot th,tfoot td{background:#f6f7f9;font-weight:600}tfoot td.tot{font-weight:400;font-size:.88em;white-space:nowrap}\n"
    "tfoot td.tot>span{display:block}tfoot td.tot>span.zero{color:#767676}\n"
    "ol.dk{padding-left:1.5em}ol.dk li{margin:.2em 0}\n"
    "footer{padding:1em 1.25em;color:var(--mut);border-top:1px solid var(--line);font-size:.9em}\n"
    "@media print{#ctl,.keys,.skip{display:none!important}body{font-size:9pt}:focus,:focus-visible{outline:none!important;box-shadow:none!important}main,header.top{padding:0}"
    "header.top{background:none;border:0}.wrap{overflow:visible}thead th{position:static}"
    "thead th button::after{content:''!important}tr{break-inside:avoid}a{color:inherit;text-decoration:none}"
    "td.d,.legend li,.unmet,.partly,.met,.na,.error,thead th,tfoot td,tfoot th{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

static const char JS[] =
    "(function(){'use strict';var d=document;\n"
    "function all(s,r){return Array.prototype.slice.call((r||d).querySelectorAll(s));}\n"
    "var table=d.getElementById('matrix'),tb=table.tBodies[0],ths=all('thead th',table),rows=all('tr',tb);\n"
    "var fd=d.getElementById('f-d'),fs=d.getElementById('f-s'),fq=d.getElementById('f-q'),shown=d.getElementById('shown'),said=d.getElementById('said');\n"
    "rows.forEach(function(tr){tr._q=[0,1,2].map(function(i){return tr.children[i].textContent;}).join(' ').toLowerCase();\n"
    " tr._s={};all('td.d',tr).forEach(function(c){tr._s[c.getAttribute('data-d')]=c.getAttribute('data-s');});});\n"
    "function val(tr,col){var c=tr.children[col];return c?c.getAttribute('data-v')||'':'';}\n"
    "function label(col){var b=ths[col].querySelector('button');return (b.getAttribute('data-label')||b.textContent).trim();}\n"
    "var sortCol=0,sortDir=1;\n"
    "var coll=window.Intl&&Intl.Collator?new Intl.Collator(undefined,{numeric:true,sensitivity:'base'}):null;\n"
    "function sortBy(col,dir){var num=ths[col].getAttribute('data-type')==='num';\n"
    " var rs=all('tr',tb).map(function(r){var v=val(r,col);return {r:r,v:num?(parseFloat(v)||0):v,i:+r.getAttribute('data-i')};});\n"
    " rs.sort(function(a,b){var c=num?a.v-b.v:coll?coll.compare(a.v,b.v):(a.v<b.v?-1:a.v>b.v?1:0);return c?c*dir:a.i-b.i;});\n"
    " var f=d.createDocumentFragment();rs.forEach(function(x){f.appendChild(x.r);});tb.appendChild(f);\n"
    " ths.forEach(function(th,i){th.setAttribute('aria-sort',i===col?(dir>0?'ascending':'descending'):'none');});\n"
    " sortCol=col;sortDir=dir;said.textContent='Sorted by '+label(col)+', '+(dir>0?'ascending':'descending')+'.';}\n"
    "ths.forEach(function(th,i){var b=th.querySelector('button');if(b)b.addEventListener('click',function(){\n"
    " sortBy(i,i===sortCol?-sortDir:(th.getAttribute('data-first')==='desc'?-1:1));});});\n"
    "function match(tr,dm,st,q){if(q&&tr._q.indexOf(q)<0)return false;if(!st)return true;\n"
    " if(dm)return tr._s[dm]===st;for(var k in tr._s)if(tr._s[k]===st)return true;return false;}\n"
    "function totals(vis){all('tfoot [data-sum]',table).forEach(function(td){var col=+td.getAttribute('data-sum'),s=0;\n"
    "  vis.forEach(function(r){if(!r.classList.contains('failed'))s+=parseFloat(val(r,col))||0;});td.textContent=String(s);});\n"
    " all('tfoot td.tot',table).forEach(function(td){var dm=td.getAttribute('data-d');all('span[data-st]',td).forEach(function(sp){\n"
    "  var st=sp.getAttribute('data-st'),k=0;vis.forEach(function(r){if(r._s[dm]===st)k++;});\n"
    "  sp.querySelector('b').textContent=String(k);sp.classList.toggle('zero',k===0);});});\n"
    " var h=d.getElementById('tot-h');if(h)h.textContent='Totals, '+vis.length+' document'+(vis.length===1?'':'s')+(vis.length<rows.length?' shown':'');}\n"
    "function apply(){var dm=fd.value,st=fs.value,q=fq.value.trim().toLowerCase(),vis=[];\n"
    " rows.forEach(function(tr){var m=match(tr,dm,st,q);tr.hidden=!m;if(m)vis.push(tr);});\n"
    " totals(vis);shown.textContent=vis.length+' of '+rows.length+' documents shown';}\n"
    "d.getElementById('ctl').addEventListener('submit',function(e){e.preventDefault();});\n"
    "[fd,fs].forEach(function(s){s.addEventListener('change',apply);});fq.addEventListener('input',apply);\n"
    "d.getElementById('f-reset').addEventListener('click',function(){fd.value='';fs.value='';fq.value='';apply();});\n"
    "function focusCell(c){var a=c.querySelector('a,[tabindex]');if(!a){c.setAttribute('tabindex','-1');a=c;}a.focus();}\n"
    "tb.addEventListener('keydown',function(e){var k=e.key;\n"
    " if(['ArrowUp','ArrowDown','ArrowLeft','ArrowRight','Home','End'].indexOf(k)<0||e.altKey||e.ctrlKey||e.metaKey)return;\n"
    " var cell=e.target.closest&&e.target.closest('td,th');if(!cell||!tb.contains(cell))return;\n"
    " var tr=cell.parentNode,vis=all('tr',tb).filter(function(r){return !r.hidden;}),ri=vis.indexOf(tr),ci=Array.prototype.indexOf.call(tr.children,cell);\n"
    " if(k==='ArrowUp')ri--;else if(k==='ArrowDown')ri++;else if(k==='ArrowLeft')ci--;else if(k==='ArrowRight')ci++;else if(k==='Home')ci=0;else ci=tr.children.length-1;\n"
    " if(ri<0||ri>=vis.length||ci<0||ci>=vis[ri].children.length)return;e.preventDefault();focusCell(vis[ri].children[ci]);});\n"
    "d.addEventListener('keydown',function(e){var t=e.target;if(e.key!=='/'||e.ctrlKey||e.metaKey||e.altKey)return;\n"
    " if(t&&(t.tagName==='INPUT'||t.tagName==='SELECT'||t.tagName==='TEXTAREA'))return;e.preventDefault();fq.focus();});\n"
    "apply();\n"
    "})();\n";

const char *amicus__html_matrix_csp(char *buf, size_t size) {
    return amicus__html_csp(CSS, sizeof CSS - 1, JS, sizeof JS - 1, buf, size);
}

static amicus_status nomem(amicus_error *err) {
    return amicus__error(err, AMICUS_ERR_NOMEM, NULL, 0, 0, -1, "out of memory");
}

amicus_status amicus_matrix_html_new(const amicus_matrix_html_options *opts, amicus_matrix_html **out,
                                     amicus_error *err) {
    *out = amicus__calloc(1, sizeof **out);
    if (!*out) return nomem(err);
    if (opts) (*out)->o = *opts;
    return AMICUS_OK;
}

void amicus_matrix_html_free(amicus_matrix_html *m) {
    if (!m) return;
    for (size_t i = 0; i < m->rows.n; i++) { amicus__free(m->rows.v[i].file); free(m->rows.v[i].html); }
    for (size_t i = 0; i < m->skipped.n; i++) { amicus__free(m->skipped.v[i].file); amicus__free(m->skipped.v[i].why); }
    AMICUS_VEC_FREE(m->rows);
    AMICUS_VEC_FREE(m->skipped);
    amicus__free(m);
}

/* A sort value: the text lower-cased (ASCII) and escaped. */
static void sort_value(FILE *o, const char *s) {
    char *t = amicus__strdup(s ? s : "");
    if (!t) return;
    for (char *p = t; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p + 32);
    E(t);
    amicus__free(t);
}

static void cell_text(FILE *o, const char *cls, const char *s) {
    fprintf(o, "<td class=\"%s\" data-v=\"", cls);
    sort_value(o, s);
    fputs("\">", o);
    if (s && *s) E(s);
    else fputs("<span aria-hidden=\"true\">&#x2013;</span><span class=\"vh\">unknown</span>", o);
    fputs("</td>", o);
}

static void row_html(FILE *o, const amicus_matrix_row *r, const char *report, const char *name) {
    int failed = r->status != AMICUS_OK;
    fprintf(o, "<tr class=\"%s\" data-i=\"%%I\">", failed ? "failed" : "ok");
    /* the document: its title (a link to its report), the file, the error */
    fputs("<th scope=\"row\" data-v=\"", o);
    sort_value(o, r->file);
    fputs("\">", o);
    char *title = amicus__display(r->title && *r->title ? r->title : name, 160);
    if (report && !failed) {
        fputs("<a class=\"t\" href=\"", o);
        E(report);
        fputs("\"", o);
        if (r->title && title && strcmp(title, r->title)) { fputs(" title=\"", o); E(r->title); fputs("\"", o); }
        fputs(">", o);
        E(title ? title : name);
        fputs("</a>", o);
    } else {
        fputs("<span class=\"t\">", o);
        E(title ? title : name);
        fputs("</span>", o);
    }
    amicus__free(title);
    fputs("<span class=\"file\">", o);
    E(r->file);
    fputs("</span>", o);
    if (failed) {
        fputs("<p class=\"err\"><strong>Could not be read:</strong> ", o);
        E(r->error ? r->error : amicus_status_name(r->status));
        fputs("</p>", o);
    }
    fputs("</th>", o);
    cell_text(o, "jur", r->jurisdiction);
    cell_text(o, "lang", failed || !r->lang || !strcmp(r->lang, "und") ? NULL : r->lang);
    size_t v[C_NUM] = {r->provisions, r->by_severity[AMICUS_SEV_ERROR], r->by_severity[AMICUS_SEV_WARNING],
                       r->by_severity[AMICUS_SEV_NOTE], r->evidence};
    for (int k = 0; k < C_NUM; k++) {
        if (failed) fputs("<td class=\"num z\" data-v=\"-1\"><span aria-hidden=\"true\">&#x2013;</span><span class=\"vh\">none</span></td>", o);
        else fprintf(o, "<td class=\"num%s\" data-v=\"%zu\">%zu</td>", v[k] ? "" : " z", v[k], v[k]);
    }
    /* one cell per demand */
    const char *doc = r->title && *r->title ? r->title : name;
    for (int dm = 1; dm <= 6; dm++) {
        int st = failed ? ST_ERROR : st_of(r->demands[dm - 1]);
        fprintf(o, "<td class=\"d %s\" data-d=\"%d\" data-s=\"%s\" data-v=\"%d\">", st_class[st], dm, st_key[st], st - 1);
        if (report && !failed) {
            fputs("<a href=\"", o);
            E(report);
            fprintf(o, "#" AMICUS__HTML_DEMAND_ID "\" aria-label=\"Demand %d, %s: %s. Open ", dm, dm,
                    amicus__demand_short(dm), st_long[st]);
            E(doc);
            fputs(" at this demand\">", o);
        } else {
            fputs("<span>", o);
        }
        fprintf(o, "<span class=\"sym\" aria-hidden=\"true\">%s</span> %s", st_sym[st], st_word[st]);
        fputs(report && !failed ? "</a>" : "</span>", o);
        fputs("</td>", o);
    }
    fputs("</tr>\n", o);
}

amicus_status amicus_matrix_html_add(amicus_matrix_html *m, const amicus_matrix_row *r, const char *report,
                                     amicus_error *err) {
    if (!m || !r || !r->file) return amicus__error(err, AMICUS_ERR_USAGE, NULL, 0, 0, -1, "no matrix or row");
    const char *name = strrchr(r->file, '/');
    name = name && name[1] ? name + 1 : r->file;
    char *buf = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&buf, &len);
    if (!o) return nomem(err);
    row_html(o, r, report, name);
    if (fclose(o) || !buf) { free(buf); return nomem(err); }
    mrow row = {amicus__strdup(r->file), buf};
    if (!row.file || !AMICUS_VEC_PUSH(m->rows, row)) { amicus__free(row.file); free(buf); return nomem(err); }
    m->docs++;
    if (r->status) {
        m->failed++;
        for (int dm = 0; dm < 6; dm++) m->tot[dm][ST_ERROR]++;
    } else {
        size_t v[C_NUM] = {r->provisions, r->by_severity[AMICUS_SEV_ERROR], r->by_severity[AMICUS_SEV_WARNING],
                           r->by_severity[AMICUS_SEV_NOTE], r->evidence};
        for (int k = 0; k < C_NUM; k++) m->sums[k] += v[k];
        for (int dm = 0; dm < 6; dm++) m->tot[dm][st_of(r->demands[dm])]++;
    }
    return AMICUS_OK;
}

amicus_status amicus_matrix_html_skipped(amicus_matrix_html *m, const char *file, const char *why,
                                         amicus_error *err) {
    mskip s = {amicus__strdup(file ? file : ""), amicus__strdup(why ? why : "")};
    if (!s.file || !s.why || !AMICUS_VEC_PUSH(m->skipped, s)) {
        amicus__free(s.file);
        amicus__free(s.why);
        return nomem(err);
    }
    return AMICUS_OK;
}

static int cmp_rows(const void *a, const void *b) {
    return strcmp((*(const mrow *const *)a)->file, (*(const mrow *const *)b)->file);
}

amicus_status amicus_matrix_html_write(const amicus_matrix_html *m, FILE *o, int interrupted, amicus_error *err) {
    if (!m || !o) return amicus__error(err, AMICUS_ERR_USAGE, NULL, 0, 0, -1, "no matrix or output");
    const mrow **sorted = amicus__malloc((m->rows.n ? m->rows.n : 1) * sizeof *sorted);
    if (!sorted) return nomem(err);
    for (size_t i = 0; i < m->rows.n; i++) sorted[i] = &m->rows.v[i];
    if (m->rows.n) qsort(sorted, m->rows.n, sizeof *sorted, cmp_rows);
    const char *title = m->o.title && *m->o.title ? m->o.title : "amicus: corpus matrix";

    char csp[400];
    amicus__html_matrix_csp(csp, sizeof csp);
    fprintf(o,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"%s\">\n"
            "<meta name=\"referrer\" content=\"no-referrer\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"generator\" content=\"amicus %s\">\n<title>",
            csp, AMICUS_VERSION);
    E(title);
    fputs("</title>\n<style>", o);
    fputs(CSS, o);
    fputs("</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to the matrix</a>\n"
          "<header class=\"top\">\n<h1>", o);
    E(title);
    size_t risks = m->sums[C_ERR] + m->sums[C_WARN] + m->sums[C_NOTE];
    fprintf(o, "</h1>\n<p class=\"sum\">%zu document%s &middot; %zu could not be read &middot; %zu skipped "
               "(not legal texts) &middot; %zu risk finding%s (%zu error, %zu warning, %zu note) &middot; "
               "%zu protection%s found%s</p>\n",
            m->docs, m->docs == 1 ? "" : "s", m->failed, m->skipped.n, risks, risks == 1 ? "" : "s",
            m->sums[C_ERR], m->sums[C_WARN], m->sums[C_NOTE], m->sums[C_PROT], m->sums[C_PROT] == 1 ? "" : "s",
            interrupted ? " &middot; <strong>interrupted: not every document was checked</strong>" : "");
    if (m->o.note && *m->o.note) { fputs("<p class=\"note\" role=\"note\">", o); E(m->o.note); fputs("</p>\n", o); }
    fputs("<p>Each row is a document, each column one of the six demands of the joint civil-society "
          "statement on the UN Cybercrime Convention; a cell is the document's scorecard status for "
          "that demand and links to that demand in the document's own report.</p>\n"
          "<ul class=\"legend\" id=\"legend\" aria-label=\"Legend\">", o);
    for (int st = ST_UNMET; st >= ST_ERROR; st--)
        fprintf(o, "<li class=\"%s\"><span class=\"sym\" aria-hidden=\"true\">%s</span> %s%s</li>", st_class[st],
                st_sym[st], st_word[st], st == ST_NA ? " (not applicable)" : st == ST_ERROR ? " (could not be read)" : "");
    fputs("</ul>\n<form id=\"ctl\" role=\"search\" aria-label=\"Filter the documents\">"
          "<label for=\"f-d\">Show documents where</label>"
          "<select id=\"f-d\"><option value=\"\">any demand</option>", o);
    for (int dm = 1; dm <= 6; dm++)
        fprintf(o, "<option value=\"%d\">demand %d (%s)</option>", dm, dm, amicus__demand_short(dm));
    fputs("</select><label for=\"f-s\">is</label><select id=\"f-s\"><option value=\"\">anything</option>", o);
    for (int st = ST_UNMET; st >= ST_ERROR; st--)
        fprintf(o, "<option value=\"%s\">%s</option>", st_key[st], st_long[st]);
    fputs("</select><label for=\"f-q\">and title, file or jurisdiction holds</label>"
          "<input type=\"search\" id=\"f-q\" placeholder=\"words\">"
          "<button type=\"button\" id=\"f-reset\">Show all</button>"
          "<output id=\"shown\" aria-live=\"polite\"></output><span id=\"said\" class=\"mut\" role=\"status\" "
          "aria-live=\"polite\"></span></form>\n"
          "<p class=\"keys\">Keys: <kbd>Tab</kbd> from cell to cell, arrow keys to move in the table, "
          "<kbd>Enter</kbd> opens the report at that demand, <kbd>/</kbd> search. Click a column heading "
          "to sort by it.</p>\n</header>\n<main id=\"main\">\n"
          "<div class=\"wrap\" role=\"region\" aria-labelledby=\"cap\" tabindex=\"0\">\n"
          "<table class=\"matrix\" id=\"matrix\" aria-describedby=\"legend\">\n"
          "<caption id=\"cap\">Documents &times; demands: scorecard status of each document for each demand</caption>\n"
          "<thead><tr><th scope=\"col\" aria-sort=\"ascending\" data-type=\"text\"><button type=\"button\" "
          "data-label=\"document (file)\">Document</button></th>"
          "<th scope=\"col\" data-type=\"text\"><button type=\"button\" data-label=\"jurisdiction\">Juris&shy;diction</button></th>"
          "<th scope=\"col\" data-type=\"text\"><button type=\"button\" data-label=\"language\">Lan&shy;guage</button></th>", o);
    for (int k = 0; k < C_NUM; k++)
        fprintf(o, "<th scope=\"col\" data-type=\"num\" data-first=\"desc\"><button type=\"button\" title=\"%s\" "
                   "data-label=\"%s\">%s</button></th>",
                num_title[k], num_head[k], num_shy[k]);
    for (int dm = 1; dm <= 6; dm++) {
        fprintf(o, "<th scope=\"col\" class=\"dm\" data-type=\"num\" data-first=\"desc\"><button type=\"button\" "
                   "data-label=\"demand %d\" title=\"", dm);
        E(amicus_demand_statement(dm));
        fprintf(o, "\">D%d<span class=\"dn\">%s</span></button></th>", dm, amicus__demand_short(dm));
    }
    fputs("</tr></thead>\n<tbody>\n", o);
    for (size_t i = 0; i < m->rows.n; i++) {
        /* the row's original position, for stable sorting in the page */
        const char *h = sorted[i]->html, *mark = strstr(h, "%I");
        if (mark) {
            fwrite(h, 1, (size_t)(mark - h), o);
            fprintf(o, "%zu", i);
            fputs(mark + 2, o);
        } else {
            fputs(h, o);
        }
    }
    if (!m->rows.n)
        fprintf(o, "<tr><td colspan=\"%d\">No document was checked.</td></tr>\n", FIRST_DEMAND + 6);
    fprintf(o, "</tbody>\n<tfoot><tr><th scope=\"row\" id=\"tot-h\">Totals, %zu document%s</th><td></td><td></td>",
            m->docs, m->docs == 1 ? "" : "s");
    for (int k = 0; k < C_NUM; k++)
        fprintf(o, "<td class=\"num\" data-sum=\"%d\">%zu</td>", FIRST_NUM + k, m->sums[k]);
    for (int dm = 1; dm <= 6; dm++) {
        fprintf(o, "<td class=\"tot\" data-d=\"%d\">", dm);
        for (int st = ST_UNMET; st >= ST_ERROR; st--) {
            size_t n = m->tot[dm - 1][st];
            fprintf(o, "<span data-st=\"%s\"%s><span class=\"sym\" aria-hidden=\"true\">%s</span> <b>%zu</b> %s</span>",
                    st_key[st], n ? "" : " class=\"zero\"", st_sym[st], n, st_word[st]);
        }
        fputs("</td>", o);
    }
    fputs("</tr></tfoot>\n</table>\n</div>\n<section aria-labelledby=\"dk\"><h2 id=\"dk\">The six demands</h2>\n<ol class=\"dk\">", o);
    for (int dm = 1; dm <= 6; dm++) {
        fprintf(o, "<li><strong>%s.</strong> ", amicus__demand_short(dm));
        E(amicus_demand_statement(dm));
        fputs("</li>", o);
    }
    fputs("</ol>\n<p class=\"mut\">How a status is decided: <em>met</em> only on evidence of a protection and no "
          "risk at warning or above; <em>unmet</em> when a risk is found and no protection; <em>partly</em> when "
          "both are found, or when the text is silent; <em>n/a</em> when the demand does not apply to the text "
          "(docs/SCORECARD.md).</p>\n</section>\n", o);
    if (m->skipped.n) {
        fprintf(o, "<section aria-labelledby=\"sk\"><h2 id=\"sk\">Skipped: %zu file%s that are not legal texts</h2>\n<details><summary>Show them</summary><ul>",
                m->skipped.n, m->skipped.n == 1 ? "" : "s");
        for (size_t i = 0; i < m->skipped.n; i++) {
            fputs("<li><code>", o);
            E(m->skipped.v[i].file);
            fputs("</code> (", o);
            E(m->skipped.v[i].why);
            fputs(")</li>", o);
        }
        fputs("</ul></details></section>\n", o);
    }
    fprintf(o, "</main>\n<footer><p>Written by amicus %s", AMICUS_VERSION);
    if (m->o.rules) fprintf(o, " with %zu rules (%zu patterns)", m->o.rules, m->o.patterns);
    fputs(". This file is self-contained: it loads nothing from the network and can be opened offline; "
          "the reports it links to are files beside it.</p></footer>\n<script>", o);
    fputs(JS, o);
    fputs("</script>\n</body>\n</html>\n", o);
    amicus__free(sorted);
    if (fflush(o) != 0 || ferror(o))
        return amicus__error(err, AMICUS_ERR_IO, NULL, 0, 0, -1, "write error on the output");
    return AMICUS_OK;
}

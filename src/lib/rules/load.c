/* load.c — rule packs from YAML: _pack.yaml traits and demands, rule files, validation. */
#include "rules.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <sys/stat.h>
#include <yaml.h>

#define MAX_RULE_FILE (1u << 20) /* bytes */
#define MAX_YAML_DEPTH 32
#define MAX_YAML_EVENTS 200000
#define MAX_PATTERN_LEN 4096

const char *const amicus__place_names[PL_COUNT] = {
    "node", "ancestors", "descendants", "provision", "definitions", "cited", "document", "sentence", "citing"};
const char *const amicus__scope_names[RS_COUNT] = {
    "provision", "paragraph", "item", "definition", "document"};
static const char *const concern_names[AMICUS_CONCERN_COUNT] = {
    "SCOPE", "RESEARCH", "SAFEGUARDS", "GENDER", "SURVEILLANCE", "SHARING", "EXPRESSION"};

const char *amicus_concern_name(amicus_concern c) {
    return (unsigned)c < AMICUS_CONCERN_COUNT ? concern_names[c] : "?";
}
const char *amicus_severity_name(amicus_severity s) {
    switch (s) {
    case AMICUS_SEV_NONE: return "none";
    case AMICUS_SEV_NOTE: return "note";
    case AMICUS_SEV_WARNING: return "warning";
    case AMICUS_SEV_ERROR: return "error";
    }
    return "?";
}
const char *amicus_demand_status_name(amicus_demand_status s) {
    switch (s) {
    case AMICUS_DEMAND_NA: return "n/a";
    case AMICUS_DEMAND_MET: return "met";
    case AMICUS_DEMAND_PARTLY: return "partly";
    case AMICUS_DEMAND_UNMET: return "unmet";
    }
    return "?";
}

/* ------------------------------------------------------------ allocators */

static void *pcre_alloc_hook(size_t n, void *ctx) { (void)ctx; return amicus__malloc(n); }
static void pcre_free_hook(void *p, void *ctx) { (void)ctx; amicus__free(p); }

amicus_status amicus_rules_new(amicus_rules **out, amicus_error *err) {
    if (!out) return amicus__error(err, AMICUS_ERR_USAGE, NULL, 0, 0, -1, "bad arguments");
    *out = NULL;
    amicus__libs_init(); /* Vectorscan's allocator (core/alloc.c) */
    amicus_rules *r = amicus__calloc(1, sizeof *r);
    if (!r) return amicus__error(err, AMICUS_ERR_NOMEM, NULL, 0, 0, -1, "out of memory");
    r->hedge_trait = -1;
    if (pthread_mutex_init(&r->re_mu, NULL) != 0) {
        amicus__free(r);
        return amicus__error(err, AMICUS_ERR_INTERNAL, NULL, 0, 0, -1, "cannot create a mutex");
    }
    r->gctx = pcre2_general_context_create(pcre_alloc_hook, pcre_free_hook, NULL);
    r->cctx = r->gctx ? pcre2_compile_context_create(r->gctx) : NULL;
    r->mctx = r->gctx ? pcre2_match_context_create(r->gctx) : NULL;
    if (!r->gctx || !r->cctx || !r->mctx) {
        amicus_rules_free(r);
        return amicus__error(err, AMICUS_ERR_NOMEM, NULL, 0, 0, -1, "out of memory");
    }
    /* guard against catastrophic patterns when locating quotes */
    pcre2_set_match_limit(r->mctx, 200000);
    pcre2_set_depth_limit(r->mctx, 2000);
    pcre2_set_heap_limit(r->mctx, 20000); /* KiB */
    pcre2_set_max_pattern_length(r->cctx, MAX_PATTERN_LEN);
    pcre2_set_parens_nest_limit(r->cctx, 64);
    *out = r;
    return AMICUS_OK;
}

static void rule_free_contents(rrule *u) {
    AMICUS_VEC_FREE(u->pats);
    AMICUS_VEC_FREE(u->raw);
    AMICUS_VEC_FREE(u->fire);
    AMICUS_VEC_FREE(u->pass);
    for (size_t k = 0; k < u->req.n; k++) { AMICUS_VEC_FREE(u->req.v[k].pats); AMICUS_VEC_FREE(u->req.v[k].raw); }
    for (size_t k = 0; k < u->unl.n; k++) { AMICUS_VEC_FREE(u->unl.v[k].pats); AMICUS_VEC_FREE(u->unl.v[k].raw); }
    AMICUS_VEC_FREE(u->req);
    AMICUS_VEC_FREE(u->unl);
}

void amicus_rules_free(amicus_rules *r) {
    if (!r) return;
    for (size_t i = 0; i < r->pats.n; i++) pcre2_code_free(r->pats.v[i].re);
    AMICUS_VEC_FREE(r->pats);
    amicus__free(r->hash);
    for (size_t i = 0; i < r->traits.n; i++) {
        rtrait *t = &r->traits.v[i];
        AMICUS_VEC_FREE(t->items);
        AMICUS_VEC_FREE(t->item_line);
        AMICUS_VEC_FREE(t->item_col);
        AMICUS_VEC_FREE(t->pats);
    }
    AMICUS_VEC_FREE(r->traits);
    for (size_t i = 0; i < r->rules.n; i++) rule_free_contents(&r->rules.v[i]);
    AMICUS_VEC_FREE(r->rules);
    for (int d = 0; d < 7; d++) AMICUS_VEC_FREE(r->demand_rel[d]);
    for (size_t i = 0; i < r->langs.n; i++)
        for (int d = 0; d < 7; d++) AMICUS_VEC_FREE(r->langs.v[i].demand_rel[d]);
    AMICUS_VEC_FREE(r->langs);
    AMICUS_VEC_FREE(r->na);
    AMICUS_VEC_FREE(r->subs);
    AMICUS_VEC_FREE(r->gaps);
    amicus__rules_dbs_free(r);
    amicus__vcache_free(r);
    amicus__free(r->cache_dir);
    pcre2_match_context_free(r->mctx);
    pcre2_compile_context_free(r->cctx);
    pcre2_general_context_free(r->gctx);
    pthread_mutex_destroy(&r->re_mu);
    amicus__arena_free(&r->arena);
    amicus__free(r);
}

/* ------------------------------------------------------------ pattern table */

static uint64_t pat_hash(const char *s, size_t n) { return amicus__hash64(s, n, 0x9e3779b97f4a7c15ULL); }

static bool hash_rebuild(amicus_rules *r, size_t cap) {
    uint32_t *h = amicus__calloc(cap, sizeof *h);
    if (!h) return false;
    for (size_t i = 0; i < r->pats.n; i++) {
        const char *t = r->pats.v[i].text;
        size_t k = (size_t)pat_hash(t, strlen(t)) & (cap - 1);
        while (h[k]) k = (k + 1) & (cap - 1);
        h[k] = (uint32_t)i + 1;
    }
    amicus__free(r->hash);
    r->hash = h;
    r->hash_cap = cap;
    return true;
}

static amicus_status pcre_compile_err(amicus_rules *r, const char *pat, size_t len, int ec,
                                      size_t eo, const char *file, unsigned long line,
                                      unsigned long col, amicus_error *err) {
    (void)r;
    /* pcre2_compile says "failed to allocate heap memory" with a compile error code */
    if (ec == PCRE2_ERROR_HEAP_FAILED || ec == PCRE2_ERROR_NOMEMORY || ec == PCRE2_ERROR_HEAPLIMIT)
        return amicus__error(err, AMICUS_ERR_NOMEM, file, line, col, -1, "out of memory");
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(ec, msg, sizeof msg);
    return amicus__error(err, AMICUS_ERR_RULES, file, line, col, -1,
                         "pattern '%.*s' rejected by PCRE2 at offset %zu: %s", (int)(len > 200 ? 200 : len),
                         pat, eo, (const char *)msg);
}

#define PCRE_OPTS (PCRE2_CASELESS | PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF | PCRE2_NO_AUTO_POSSESS)

static int count_callouts(pcre2_callout_enumerate_block *b, void *data) {
    (*(int *)data)++;
    (void)b;
    return 0;
}

/* Compile the pattern with PCRE2 wrapped as (?:PAT\E)(?C1), whose callout lets a match
 * succeed only where the caller wants it to end. */
static amicus_status pcre_wrap(amicus_rules *r, const char *pat, size_t len, const char *file, unsigned long line,
                               unsigned long col, pcre2_code **out, amicus_error *err) {
    int ec = 0;
    PCRE2_SIZE eo = 0;
    char *w = amicus__malloc(len + 16);
    if (!w) return amicus__error(err, AMICUS_ERR_NOMEM, file, line, col, -1, "out of memory");
    memcpy(w, "(?:", 3);
    memcpy(w + 3, pat, len);
    memcpy(w + 3 + len, "\\E)(?C1)", 8);
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)w, len + 11, PCRE_OPTS, &ec, &eo, r->cctx);
    amicus__free(w);
    if (!re) return pcre_compile_err(r, pat, len, ec, (size_t)eo, file, line, col, err);
    int nc = 0;
    pcre2_callout_enumerate(re, count_callouts, &nc);
    if (nc != 1) {
        pcre2_code_free(re);
        return amicus__error(err, AMICUS_ERR_RULES, file, line, col, -1,
                             "pattern '%.*s' cannot be used: it must not contain callouts, (?x) comments or an unterminated \\Q",
                             (int)(len > 200 ? 200 : len), pat);
    }
    *out = re;
    return AMICUS_OK;
}

/* Validate the pattern with PCRE2: as written (to report errors against the author's text)
 * and wrapped (pcre_wrap), which is kept. */
static amicus_status pcre_check(amicus_rules *r, const char *pat, size_t len, const char *file,
                                unsigned long line, unsigned long col, pcre2_code **out,
                                amicus_error *err) {
    int ec = 0;
    PCRE2_SIZE eo = 0;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, len, PCRE_OPTS, &ec, &eo, r->cctx);
    if (!re) return pcre_compile_err(r, pat, len, ec, (size_t)eo, file, line, col, err);
    pcre2_code_free(re);
    return pcre_wrap(r, pat, len, file, line, col, out, err);
}

/* bytes a match can start with: PCRE2's start bitmap or first code unit, else every byte */
static void start_map(const pcre2_code *re, uint8_t map[32]) {
    const uint8_t *bm = NULL;
    uint32_t type = 0, unit = 0;
    if (pcre2_pattern_info(re, PCRE2_INFO_FIRSTBITMAP, &bm) == 0 && bm) {
        memcpy(map, bm, 32);
        return;
    }
    if (pcre2_pattern_info(re, PCRE2_INFO_FIRSTCODETYPE, &type) == 0 && type == 1 &&
        pcre2_pattern_info(re, PCRE2_INFO_FIRSTCODEUNIT, &unit) == 0 && unit < 0x80) {
        memset(map, 0, 32);
        map[unit >> 3] |= (uint8_t)(1u << (unit & 7));
        uint32_t o = (unit >= 'a' && unit <= 'z') ? unit - 32 : (unit >= 'A' && unit <= 'Z') ? unit + 32 : unit;
        map[o >> 3] |= (uint8_t)(1u << (o & 7));
        return;
    }
    memset(map, 0xff, 32);
}

/* The text Vectorscan compiles (flags CASELESS|UTF8; see docs/RULES.md "How patterns are
 * matched"). In Unicode (UCP) mode Vectorscan has no \b, and \w classes and bounded repeats
 * of multibyte classes compile into automata too large to build (minutes, "Pattern is too
 * large"). So the pattern is rewritten:
 *   - a leading \b (pattern starts with \b, no top-level '|', a word character follows) becomes
 *     a consumed "start of text or non-word character" prefix;
 *   - a trailing \b is dropped and checked at the match end with Unicode word rules
 *     (rpat.trail_b);
 *   - \w and \d (outside negated classes) also accept any non-ASCII character;
 *   - any other \b / \B is dropped and {m,n} with n >= 20 becomes {m,}: the matches only widen, so every end
 *     Vectorscan reports is then confirmed with PCRE2 in UCP mode (rpat.verify). */
#ifndef AMICUS__RELAX_REPEAT
#define AMICUS__RELAX_REPEAT 20
#endif
#define NONASCII "\\x{80}-\\x{10ffff}"
/* characters PCRE2 (UCP) does not count as word characters: ASCII, then common Unicode
 * punctuation, symbols and spaces (letters, digits and marks excluded) */
#define NONWORD_CLASS "[\\x00-\\x2f\\x3a-\\x40\\x5b-\\x5e\\x60\\x7b-\\x7f\\x{a0}-\\x{a9}\\x{ab}-\\x{b1}\\x{b4}" \
    "\\x{b6}-\\x{b8}\\x{bb}\\x{bf}\\x{d7}\\x{f7}\\x{37e}\\x{387}\\x{55a}-\\x{55f}\\x{589}\\x{58a}\\x{5be}\\x{5c0}" \
    "\\x{5c3}\\x{5c6}\\x{5f3}\\x{5f4}\\x{60c}\\x{61b}\\x{61f}\\x{66a}-\\x{66d}\\x{6d4}\\x{964}\\x{965}" \
    "\\x{2000}-\\x{206f}\\x{20a0}-\\x{20cf}\\x{2190}-\\x{23ff}\\x{2500}-\\x{2775}\\x{2794}-\\x{27bf}" \
    "\\x{3000}-\\x{3003}\\x{3008}-\\x{3020}\\x{ff01}-\\x{ff0f}\\x{ff1a}-\\x{ff20}\\x{ff3b}-\\x{ff40}\\x{ff5b}-\\x{ff65}]"

static bool ascii_word(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* does the regex at p (up to len) always begin with a word character? (conservative) */
static bool word_initial(const char *p, size_t len) {
    if (!len) return false;
    size_t n; /* length of the first atom */
    if (ascii_word(p[0])) n = 1;
    else if (len >= 2 && p[0] == '\\' && p[1] == 'w') n = 2;
    else if (p[0] == '(') {
        size_t i = 1;
        if (len >= 3 && p[1] == '?' && p[2] == ':') i = 3;
        else if (len >= 2 && p[1] == '?') return false;
        /* every top-level branch of the group must start with a word atom */
        int depth = 0;
        bool branch_start = true, in_class = false;
        for (; i < len; i++) {
            char c = p[i];
            if (branch_start) {
                if (!(ascii_word(c) || (c == '\\' && i + 1 < len && p[i + 1] == 'w'))) return false;
                if (i + 1 < len && (p[i + 1] == '?' || p[i + 1] == '*' || p[i + 1] == '{')) return false;
                branch_start = false;
            }
            if (c == '\\') { i++; continue; }
            if (in_class) { if (c == ']') in_class = false; continue; }
            if (c == '[') { in_class = true; continue; }
            if (c == '(') depth++;
            else if (c == ')') {
                if (depth == 0) break;
                depth--;
            } else if (c == '|' && depth == 0) branch_start = true;
        }
        if (i >= len) return false;
        n = i + 1;
    } else {
        return false;
    }
    if (n < len && (p[n] == '?' || p[n] == '*' || (p[n] == '{' && n + 1 < len && p[n + 1] == '0'))) {
        /* optional first atom ("\\b(?:the\\s+)?access"): what follows must start with a word
         * character too */
        if (p[n] != '?' || (n + 1 < len && (p[n + 1] == '?' || p[n + 1] == '+'))) return false;
        return word_initial(p + n + 1, len - n - 1);
    }
    return true;
}

/* position analysis: top-level alternation, and whether the pattern ends with a \b at depth 0 */
static void analyse(const char *p, size_t len, bool *top_alt, bool *ends_b) {
    int depth = 0;
    bool in_class = false, quoted = false;
    *top_alt = false;
    *ends_b = false;
    for (size_t i = 0; i < len; i++) {
        char c = p[i];
        if (quoted) {
            if (c == '\\' && i + 1 < len && p[i + 1] == 'E') { quoted = false; i++; }
            continue;
        }
        if (c == '\\' && i + 1 < len) {
            if (p[i + 1] == 'Q') quoted = true;
            if (!in_class && depth == 0 && p[i + 1] == 'b' && i + 2 == len) *ends_b = true;
            i++;
            continue;
        }
        if (in_class) { if (c == ']') in_class = false; continue; }
        if (c == '[') {
            in_class = true;
            if (i + 1 < len && p[i + 1] == '^') i++;
            if (i + 1 < len && p[i + 1] == ']') i++;
            continue;
        }
        if (c == '(') depth++;
        else if (c == ')') depth--;
        else if (c == '|' && depth == 0) *top_alt = true;
    }
}

/* A pure-ASCII pattern with no '.' and no negated class can be compiled over bytes (no
 * HS_FLAG_UTF8): its literals are ASCII, so caseless matching is ASCII folding, and with \w as
 * [\w\x80-\xff] every UTF-8 word character is covered. Byte-mode automata of the word gaps
 * "(?:[\w,]+\s+){0,N}" are far smaller than their UTF-8 ones (compile time). */
static bool bytes_ok(const char *p, size_t len) {
    bool in_class = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)p[i];
        if (ch >= 0x80) return false;
        if (ch == '\\') {
            if (i + 1 < len && (p[i + 1] == 'x' || p[i + 1] == 'p' || p[i + 1] == 'P' || p[i + 1] == 'X' ||
                                p[i + 1] == 'Q' || p[i + 1] == 'W' || p[i + 1] == 'D' || p[i + 1] == 'S' ||
                                p[i + 1] == 'N' || p[i + 1] == 'R' || p[i + 1] == 'C'))
                return false;
            i++;
            continue;
        }
        if (in_class) { if (ch == ']') in_class = false; continue; }
        if (ch == '[') {
            if (i + 1 < len && p[i + 1] == '^') return false;
            in_class = true;
            if (i + 1 < len && p[i + 1] == ']') i++;
            continue;
        }
        if (ch == '.') return false;
    }
    return true;
}

static char *relax_pattern(amicus__arena *a, const char *p, size_t len, bool bytes, bool *verify, bool *trail_b) {
    /* written into a worst-case buffer, kept at its length (the worst case is ~20 times the
     * pattern: keeping it would touch megabytes of arena for the default pack) */
    char *o = amicus__malloc(len * 24 + sizeof NONWORD_CLASS + 16);
    if (!o) return NULL;
    size_t w = 0;
    bool in_class = false, neg_class = false, quoted = false;
    bool top_alt, ends_b;
    analyse(p, len, &top_alt, &ends_b);
    *verify = false;
    *trail_b = ends_b && !top_alt && len > 2;
    size_t end = *trail_b ? len - 2 : len;
    size_t i0 = 0;
#define PUT(str) do { size_t _n = strlen(str); memcpy(o + w, str, _n); w += _n; } while (0)
    if (len > 2 && p[0] == '\\' && p[1] == 'b' && !top_alt && word_initial(p + 2, end - 2)) {
        if (bytes) {
            /* over bytes: ASCII non-word characters, or the last byte of a non-ASCII
             * character (a letter or not: PCRE2 confirms) */
            PUT("(?:^|[\\x00-\\x2f\\x3a-\\x40\\x5b-\\x5e\\x60\\x7b-\\xff])");
            *verify = true;
        } else {
            PUT("(?:^|" NONWORD_CLASS ")");
        }
        i0 = 2;
    }
    for (size_t i = i0; i < end; i++) {
        char ch = p[i];
        if (quoted) {
            if (ch == '\\' && i + 1 < len && p[i + 1] == 'E') { quoted = false; o[w++] = p[i++]; o[w++] = p[i]; continue; }
            o[w++] = ch;
            continue;
        }
        if (ch == '\\' && i + 1 < len) {
            char nx = p[i + 1];
            i++;
            if (nx == 'Q') { quoted = true; PUT("\\Q"); continue; }
            if (!in_class && (nx == 'b' || nx == 'B')) { *verify = true; continue; }
            if (nx == 'w' || nx == 'd') {
                const char *na = bytes ? "\\x80-\\xff" : NONASCII;
                if (!in_class) { PUT(nx == 'w' ? "[\\w" : "[\\d"); PUT(na); PUT("]"); continue; }
                if (!neg_class) { PUT(nx == 'w' ? "\\w" : "\\d"); PUT(na); continue; }
            }
            o[w++] = '\\';
            o[w++] = nx;
            continue;
        }
        if (in_class) {
            if (ch == ']') in_class = false;
            o[w++] = ch;
            continue;
        }
        if (ch == '{') {
            /* {m,n} -> {m,} when n >= 20: large bounded repeats of multibyte classes make
             * Vectorscan's compile explode; PCRE2 enforces the bound when it confirms */
            size_t j = i + 1, m0 = j;
            while (j < len && p[j] >= '0' && p[j] <= '9') j++;
            if (j > m0 && j < len && p[j] == ',') {
                size_t n0 = ++j;
                while (j < len && p[j] >= '0' && p[j] <= '9') j++;
                if (j > n0 && j < len && p[j] == '}' && strtoul(p + n0, NULL, 10) >= AMICUS__RELAX_REPEAT) {
                    memcpy(o + w, p + i, n0 - i);
                    w += n0 - i;
                    o[w++] = '}';
                    i = j;
                    *verify = true;
                    continue;
                }
            }
        }
        if (ch == '[') {
            in_class = true;
            neg_class = false;
            o[w++] = ch;
            /* a ']' right after '[' or '[^' is a literal */
            if (i + 1 < len && p[i + 1] == '^') { o[w++] = p[++i]; neg_class = true; }
            if (i + 1 < len && p[i + 1] == ']') o[w++] = p[++i];
            continue;
        }
        o[w++] = ch;
    }
#undef PUT
    char *kept = amicus__arena_strndup(a, o, w);
    amicus__free(o);
    return kept;
}

static amicus_status hs_check(const char *pat, const char *shown, bool bytes, const char *file, unsigned long line,
                              unsigned long col, unsigned *max_width, amicus_error *err) {
    hs_expr_info_t *info = NULL;
    hs_compile_error_t *ce = NULL;
    unsigned long failures = amicus__alloc_failures();
    hs_error_t e = hs_expression_info(pat, bytes ? AMICUS__HS_FLAGS_BYTES : AMICUS__HS_FLAGS, &info, &ce);
    if (e != HS_SUCCESS) {
        amicus_status st;
        /* Vectorscan tells a refused allocation as a compile error ("Unable to allocate memory.") */
        if (e == HS_NOMEM || amicus__alloc_failures() != failures)
            st = amicus__error(err, AMICUS_ERR_NOMEM, file, line, col, -1, "out of memory");
        else
            st = amicus__error(err, AMICUS_ERR_RULES, file, line, col, -1,
                               "pattern '%.200s' cannot be compiled by Vectorscan (as '%.200s', flags CASELESS|UTF8): %s",
                               shown, pat, ce && ce->message ? ce->message : "compile error");
        if (ce) hs_free_compile_error(ce);
        return st;
    }
    bool empty = info && info->min_width == 0;
    *max_width = info ? info->max_width : UINT_MAX;
    amicus__free(info);
    if (empty)
        return amicus__error(err, AMICUS_ERR_RULES, file, line, col, -1,
                             "pattern '%.200s' can match the empty string", shown);
    return AMICUS_OK;
}

amicus_status amicus__rules_intern(amicus_rules *r, const char *text, size_t len, const char *file,
                                   unsigned long line, unsigned long col, uint32_t *id,
                                   amicus_error *err) {
    if (len == 0)
        return amicus__error(err, AMICUS_ERR_RULES, file, line, col, -1, "empty pattern");
    if (len > MAX_PATTERN_LEN)
        return amicus__error(err, AMICUS_ERR_RULES, file, line, col, -1,
                             "pattern is %zu bytes long, over the limit of %u", len, MAX_PATTERN_LEN);
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)text[i] < 0x20 || text[i] == 0x7f)
            return amicus__error(err, AMICUS_ERR_RULES, file, line, col, -1,
                                 "pattern '%.*s' contains a control character (line break or tab); write \\s or \\n instead",
                                 (int)(len > 200 ? 200 : len), text);
    uint64_t h = pat_hash(text, len);
    if (r->hash_cap) {
        size_t k = (size_t)h & (r->hash_cap - 1);
        while (r->hash[k]) {
            const rpat *p = &r->pats.v[r->hash[k] - 1];
            if (strlen(p->text) == len && memcmp(p->text, text, len) == 0) {
                *id = r->hash[k] - 1;
                return AMICUS_OK;
            }
            k = (k + 1) & (r->hash_cap - 1);
        }
    }
    rpat p = {0};
    p.text = amicus__arena_strndup(&r->arena, text, len);
    p.file = file;
    p.line = line;
    p.col = col;
    if (!p.text) return amicus__error(err, AMICUS_ERR_NOMEM, file, line, col, -1, "out of memory");
    p.bytes = bytes_ok(p.text, len);
    p.hs_text = relax_pattern(&r->arena, p.text, len, p.bytes, &p.verify, &p.trail_b);
    if (!p.hs_text) return amicus__error(err, AMICUS_ERR_NOMEM, file, line, col, -1, "out of memory");
    /* A pattern that passed both checks before (the cache's memo, keyed by its text, the text
     * Vectorscan compiles and the libraries' versions) is not checked again, and its PCRE2
     * code is compiled when a database that holds it is built (amicus__rules_regex): checking
     * is most of the cost of loading a pack. Any other is checked now, so a bad pattern is
     * reported with its place before any document is read. */
    uint64_t key[2];
    amicus__vcache_key(p.text, len, p.hs_text, p.bytes, key);
    amicus_status st = AMICUS_OK;
    if (!amicus__vcache_get(r, key, &p.max_width)) {
        st = pcre_check(r, p.text, len, file, line, col, &p.re, err);
        if (st) return st;
        start_map(p.re, p.start_map);
        st = hs_check(p.hs_text, p.text, p.bytes, file, line, col, &p.max_width, err);
        if (st) {
            pcre2_code_free(p.re);
            return st;
        }
        amicus__vcache_put(r, key, p.max_width);
    }
    if ((r->pats.n + 1) * 2 > r->hash_cap && !hash_rebuild(r, r->hash_cap ? r->hash_cap * 2 : 256)) {
        pcre2_code_free(p.re);
        return amicus__error(err, AMICUS_ERR_NOMEM, file, line, col, -1, "out of memory");
    }
    if (!AMICUS_VEC_PUSH(r->pats, p)) {
        pcre2_code_free(p.re);
        return amicus__error(err, AMICUS_ERR_NOMEM, file, line, col, -1, "out of memory");
    }
    size_t k = (size_t)h & (r->hash_cap - 1);
    while (r->hash[k]) k = (k + 1) & (r->hash_cap - 1);
    r->hash[k] = (uint32_t)(r->pats.n - 1) + 1;
    *id = (uint32_t)(r->pats.n - 1);
    r->compiled = false;
    return AMICUS_OK;
}

amicus_status amicus__rules_regex(amicus_rules *r, uint32_t id, amicus_error *err) {
    rpat *p = &r->pats.v[id];
    if (p->re) return AMICUS_OK;
    pcre2_code *re = NULL;
    amicus_status st = pcre_wrap(r, p->text, strlen(p->text), p->file, p->line, p->col, &re, err);
    if (st) return st;
    start_map(re, p->start_map);
    p->re = re;
    return AMICUS_OK;
}

/* intern a pattern of a rule, trait or setting in lang: folded first where the language's
 * text is matched through a folded view (fold.c), so authors may write either spelling */
static amicus_status intern_in(amicus_rules *r, const char *lang, const char *text, size_t len, const char *file,
                               unsigned long line, unsigned long col, uint32_t *id, amicus_error *err) {
    char *folded = NULL;
    size_t flen = 0;
    if (!amicus__fold_pattern(lang, text, len, &folded, &flen))
        return amicus__error(err, AMICUS_ERR_NOMEM, file, line, col, -1, "out of memory");
    amicus_status st = amicus__rules_intern(r, folded ? folded : text, folded ? flen : len, file, line, col, id, err);
    amicus__free(folded);
    return st;
}

size_t amicus_rules_pattern_count(const amicus_rules *r) { return r ? r->pats.n : 0; }
const char *amicus_rules_pattern(const amicus_rules *r, size_t i) {
    return r && i < r->pats.n ? r->pats.v[i].text : NULL;
}

/* ------------------------------------------------------------ YAML helpers */

typedef struct ld {
    amicus_rules *r;
    const char *file;          /* arena copy */
    yaml_document_t doc;
    amicus_error *err;
    const char *dlang;         /* language subdirectory being loaded, NULL at a pack root */
    const char *plang;         /* language of the patterns being read (the rule's), NULL: dlang */
    int pack;
} ld;

#define LN(n) ((unsigned long)(n)->start_mark.line + 1)
#define CL(n) ((unsigned long)(n)->start_mark.column + 1)

static amicus_status lerr(ld *l, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static amicus_status lerr(ld *l, const yaml_node_t *n, const char *fmt, ...) {
    char msg[480];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return amicus__error(l->err, AMICUS_ERR_RULES, l->file, n ? LN(n) : 0, n ? CL(n) : 0,
                         n ? (long long)n->start_mark.index : -1, "%s", msg);
}
static amicus_status lnomem(ld *l) {
    return amicus__error(l->err, AMICUS_ERR_NOMEM, l->file, 0, 0, -1, "out of memory");
}

static yaml_node_t *node(ld *l, int i) { return yaml_document_get_node(&l->doc, i); }

static bool is_null(const yaml_node_t *n) {
    if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return false;
    const char *s = (const char *)n->data.scalar.value;
    return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL");
}

static const char *type_word(const yaml_node_t *n) {
    switch (n->type) {
    case YAML_SCALAR_NODE: return is_null(n) ? "nothing" : "a scalar";
    case YAML_SEQUENCE_NODE: return "a list";
    case YAML_MAPPING_NODE: return "a mapping";
    default: return "nothing";
    }
}

/* a non-empty string scalar, copied into the arena */
static amicus_status get_str(ld *l, const yaml_node_t *n, const char *key, const char **out) {
    if (n->type != YAML_SCALAR_NODE || is_null(n))
        return lerr(l, n, "'%s' must be a string, not %s", key, type_word(n));
    const char *s = (const char *)n->data.scalar.value;
    size_t len = n->data.scalar.length;
    if (memchr(s, 0, len)) return lerr(l, n, "'%s' contains a NUL character", key);
    while (len && (s[len - 1] == '\n' || s[len - 1] == ' ')) len--;
    if (!len) return lerr(l, n, "'%s' must not be empty", key);
    *out = amicus__arena_strndup(&l->r->arena, s, len);
    return *out ? AMICUS_OK : lnomem(l);
}

static amicus_status get_int(ld *l, const yaml_node_t *n, const char *key, long lo, long hi, long *out) {
    if (n->type != YAML_SCALAR_NODE || is_null(n))
        return lerr(l, n, "'%s' must be an integer, not %s", key, type_word(n));
    const char *s = (const char *)n->data.scalar.value;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end || errno) return lerr(l, n, "'%s' must be an integer, not '%.40s'", key, s);
    if (v < lo || v > hi) return lerr(l, n, "'%s' must be between %ld and %ld, not %ld", key, lo, hi, v);
    *out = v;
    return AMICUS_OK;
}

static amicus_status get_bool(ld *l, const yaml_node_t *n, const char *key, bool *out) {
    if (n->type == YAML_SCALAR_NODE && !is_null(n)) {
        const char *s = (const char *)n->data.scalar.value;
        if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "yes")) { *out = true; return AMICUS_OK; }
        if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "no")) { *out = false; return AMICUS_OK; }
    }
    return lerr(l, n, "'%s' must be true or false", key);
}

static int enum_of(const char *s, const char *const *names, int n) {
    for (int i = 0; i < n; i++)
        if (!strcmp(s, names[i])) return i;
    return -1;
}

static amicus_status get_enum(ld *l, const yaml_node_t *n, const char *key, const char *const *names,
                              int count, int *out) {
    const char *s;
    amicus_status st = get_str(l, n, key, &s);
    if (st) return st;
    int v = enum_of(s, names, count);
    if (v < 0) {
        char list[256] = "";
        for (int i = 0; i < count; i++) {
            strncat(list, names[i], sizeof list - strlen(list) - 1);
            if (i + 1 < count) strncat(list, ", ", sizeof list - strlen(list) - 1);
        }
        return lerr(l, n, "'%s' must be one of %s, not '%.60s'", key, list, s);
    }
    *out = v;
    return AMICUS_OK;
}

/* Iterate a list (a single scalar counts as a one-item list when allow_scalar). */
typedef struct items { yaml_node_item_t *b, *e; int single; bool is_single; } items;
static amicus_status get_list(ld *l, const yaml_node_t *n, const char *key, bool allow_scalar,
                              items *it) {
    memset(it, 0, sizeof *it);
    if (n->type == YAML_SEQUENCE_NODE) {
        it->b = n->data.sequence.items.start;
        it->e = n->data.sequence.items.top;
        return AMICUS_OK;
    }
    if (is_null(n)) return AMICUS_OK;
    if (allow_scalar && n->type == YAML_SCALAR_NODE) {
        it->is_single = true;
        return AMICUS_OK;
    }
    return lerr(l, n, "'%s' must be a list, not %s", key, type_word(n));
}

/* Check mapping keys against an allowed list; reports unknown and duplicate keys. */
static amicus_status check_keys(ld *l, const yaml_node_t *map, const char *what,
                                const char *const *allowed, int nallowed) {
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node(l, p->key);
        if (!k || k->type != YAML_SCALAR_NODE)
            return lerr(l, k, "keys of %s must be plain words", what);
        const char *ks = (const char *)k->data.scalar.value;
        if (allowed && enum_of(ks, allowed, nallowed) < 0) {
            char list[400] = "";
            for (int i = 0; i < nallowed; i++) {
                strncat(list, allowed[i], sizeof list - strlen(list) - 1);
                if (i + 1 < nallowed) strncat(list, ", ", sizeof list - strlen(list) - 1);
            }
            return lerr(l, k, "unknown key '%.60s' in %s (known: %s)", ks, what, list);
        }
        for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++) {
            yaml_node_t *k2 = node(l, q->key);
            if (k2 && k2->type == YAML_SCALAR_NODE && !strcmp((const char *)k2->data.scalar.value, ks))
                return lerr(l, k, "duplicate key '%.60s' in %s", ks, what);
        }
    }
    return AMICUS_OK;
}

static yaml_node_t *lookup(ld *l, const yaml_node_t *map, const char *key) {
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node(l, p->key);
        if (k && k->type == YAML_SCALAR_NODE && !strcmp((const char *)k->data.scalar.value, key))
            return node(l, p->value);
    }
    return NULL;
}

/* pass 1 over a rule file's bytes: events, to refuse aliases and bound depth before composing */
static amicus_status yaml_events_check(ld *l, const char *buf, size_t n) {
    amicus_status st = AMICUS_OK;
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) return lnomem(l);
    yaml_parser_set_input_string(&p, (const unsigned char *)buf, n);
    int depth = 0, docs = 0;
    unsigned long events = 0;
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            if (p.error == YAML_MEMORY_ERROR) st = lnomem(l);
            else
                st = amicus__error(l->err, AMICUS_ERR_RULES, l->file, (unsigned long)p.problem_mark.line + 1,
                                   (unsigned long)p.problem_mark.column + 1, (long long)p.problem_mark.index,
                                   "YAML syntax error: %s%s%s", p.problem ? p.problem : "invalid YAML",
                                   p.context ? " " : "", p.context ? p.context : "");
            break;
        }
        yaml_event_type_t t = ev.type;
        unsigned long line = (unsigned long)ev.start_mark.line + 1, col = (unsigned long)ev.start_mark.column + 1;
        yaml_event_delete(&ev);
        if (++events > MAX_YAML_EVENTS) {
            st = amicus__error(l->err, AMICUS_ERR_RULES, l->file, line, col, -1, "rule file too complex");
            break;
        }
        if (t == YAML_ALIAS_EVENT) {
            st = amicus__error(l->err, AMICUS_ERR_RULES, l->file, line, col, -1,
                               "YAML aliases (*name) are not allowed in rule files");
            break;
        }
        if (t == YAML_SEQUENCE_START_EVENT || t == YAML_MAPPING_START_EVENT) {
            if (++depth > MAX_YAML_DEPTH) {
                st = amicus__error(l->err, AMICUS_ERR_RULES, l->file, line, col, -1,
                                   "nesting deeper than %d levels", MAX_YAML_DEPTH);
                break;
            }
        } else if (t == YAML_SEQUENCE_END_EVENT || t == YAML_MAPPING_END_EVENT) {
            depth--;
        } else if (t == YAML_DOCUMENT_START_EVENT) {
            if (++docs > 1) {
                st = amicus__error(l->err, AMICUS_ERR_RULES, l->file, line, col, -1,
                                   "more than one YAML document (one rule per file)");
                break;
            }
        } else if (t == YAML_STREAM_END_EVENT) {
            break;
        }
    }
    yaml_parser_delete(&p);
    return st;
}

/* Read a file and parse it into l->doc. Refuses aliases, deep nesting, several documents. */
static amicus_status parse_file(ld *l, const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return amicus__error(l->err, AMICUS_ERR_IO, path, 0, 0, -1, "cannot open: %s", strerror(errno));
    char *buf = amicus__malloc(MAX_RULE_FILE + 1);
    if (!buf) {
        fclose(f);
        return lnomem(l);
    }
    size_t n = fread(buf, 1, MAX_RULE_FILE + 1, f);
    int ferr = ferror(f);
    fclose(f);
    if (ferr) {
        amicus__free(buf);
        return amicus__error(l->err, AMICUS_ERR_IO, path, 0, 0, -1, "read error");
    }
    if (n > MAX_RULE_FILE) {
        amicus__free(buf);
        return amicus__error(l->err, AMICUS_ERR_RULES, path, 0, 0, -1,
                             "rule file over %u bytes", MAX_RULE_FILE);
    }
    if (memchr(buf, 0, n)) {
        amicus__free(buf);
        return amicus__error(l->err, AMICUS_ERR_RULES, path, 0, 0, -1, "rule file contains NUL bytes (binary?)");
    }
    /* pass 1, skipped for bytes that passed it before (the cache's memo) */
    uint64_t fkey[2];
    unsigned unused;
    amicus__vcache_file_key(buf, n, fkey);
    amicus_status st = AMICUS_OK;
    if (!amicus__vcache_get(l->r, fkey, &unused)) {
        st = yaml_events_check(l, buf, n);
        if (!st) amicus__vcache_put(l->r, fkey, 0);
    }
    yaml_parser_t p;
    if (st == AMICUS_OK) {
        if (!yaml_parser_initialize(&p)) {
            amicus__free(buf);
            return lnomem(l);
        }
        yaml_parser_set_input_string(&p, (const unsigned char *)buf, n);
        if (!yaml_parser_load(&p, &l->doc)) {
            if (p.error == YAML_MEMORY_ERROR) st = lnomem(l);
            else
                st = amicus__error(l->err, AMICUS_ERR_RULES, l->file, (unsigned long)p.problem_mark.line + 1,
                                   (unsigned long)p.problem_mark.column + 1, -1, "YAML error: %s",
                                   p.problem ? p.problem : "invalid YAML");
        }
        yaml_parser_delete(&p);
    }
    amicus__free(buf);
    return st;
}

/* ------------------------------------------------------------ traits */

static bool is_trait_ref(const char *s) {
    if (s[0] != '@' || !s[1]) return false;
    for (const char *p = s + 1; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_'))
            return false;
    return true;
}

/* the trait defined in exactly this scope (lang NULL: a pack root) */
static int trait_exact(const amicus_rules *r, const char *name, const char *lang) {
    for (size_t i = 0; i < r->traits.n; i++) {
        const rtrait *t = &r->traits.v[i];
        if (!strcmp(t->name, name) && (lang ? t->lang && !strcmp(t->lang, lang) : !t->lang)) return (int)i;
    }
    return -1;
}

/* "@name" seen from a language subdirectory: its own _pack.yaml first, then the pack roots' */
static int trait_find(const amicus_rules *r, const char *name, const char *lang) {
    int i = lang ? trait_exact(r, name, lang) : -1;
    return i >= 0 ? i : trait_exact(r, name, NULL);
}

static int trait_index(const amicus_rules *r, const char *name) { return trait_exact(r, name, NULL); }

const rlang *amicus__rules_lang(const amicus_rules *r, const char *lang) {
    for (size_t i = 0; lang && i < r->langs.n; i++)
        if (!strcmp(r->langs.v[i].lang, lang)) return &r->langs.v[i];
    return NULL;
}

const rtrait *amicus__rules_trait(const amicus_rules *r, const char *name) {
    int i = trait_index(r, name);
    return i < 0 ? NULL : &r->traits.v[i];
}

static bool u32_add_unique(u32vec *v, uint32_t x) {
    for (size_t i = 0; i < v->n; i++)
        if (v->v[i] == x) return true;
    return AMICUS_VEC_PUSH(*v, x);
}

static amicus_status expand_trait(amicus_rules *r, int ti, amicus_error *err, int depth) {
    rtrait *t = &r->traits.v[ti];
    if (t->state == 2) return AMICUS_OK;
    if (t->state == 1 || depth > 64)
        return amicus__error(err, AMICUS_ERR_RULES, t->file, t->line, t->col, -1,
                             "trait '%s' refers to itself through a cycle of '@' references", t->name);
    t->state = 1;
    for (size_t i = 0; i < t->items.n; i++) {
        const char *it = t->items.v[i];
        /* t may move when traits grow: it never grows here, so the pointer is stable */
        if (is_trait_ref(it)) {
            int j = trait_find(r, it + 1, t->lang);
            if (j < 0)
                return amicus__error(err, AMICUS_ERR_RULES, t->file, t->item_line.v[i], t->item_col.v[i], -1,
                                     "unknown trait '%s'", it);
            amicus_status st = expand_trait(r, j, err, depth + 1);
            if (st) return st;
            t = &r->traits.v[ti];
            rtrait *u = &r->traits.v[j];
            for (size_t k = 0; k < u->pats.n; k++)
                if (!u32_add_unique(&t->pats, u->pats.v[k]))
                    return amicus__error(err, AMICUS_ERR_NOMEM, t->file, 0, 0, -1, "out of memory");
        } else {
            uint32_t id;
            amicus_status st = intern_in(r, t->lang, it, strlen(it), t->file, t->item_line.v[i],
                                         t->item_col.v[i], &id, err);
            if (st) return st;
            t = &r->traits.v[ti];
            if (!u32_add_unique(&t->pats, id))
                return amicus__error(err, AMICUS_ERR_NOMEM, t->file, 0, 0, -1, "out of memory");
        }
    }
    t->texts = amicus__arena_alloc(&r->arena, (t->pats.n + 1) * sizeof *t->texts);
    if (!t->texts) return amicus__error(err, AMICUS_ERR_NOMEM, t->file, 0, 0, -1, "out of memory");
    for (size_t k = 0; k < t->pats.n; k++) t->texts[k] = r->pats.v[t->pats.v[k]].text;
    t->texts[t->pats.n] = NULL;
    t->state = 2;
    return AMICUS_OK;
}

const char *const *amicus_rules_trait(const amicus_rules *r, const char *name, size_t *n) {
    if (n) *n = 0;
    if (!r || !name) return NULL;
    if (name[0] == '@') name++;
    int i = trait_index(r, name);
    if (i < 0 || r->traits.v[i].state != 2) return NULL;
    if (n) *n = r->traits.v[i].pats.n;
    return r->traits.v[i].texts;
}

/* A list of patterns / "@trait" references → unique pattern ids (and raw texts). */
static amicus_status pattern_list(ld *l, const yaml_node_t *n, const char *key, u32vec *ids,
                                  strvec *raw) {
    items it;
    amicus_status st = get_list(l, n, key, true, &it);
    if (st) return st;
    size_t count = it.is_single ? 1 : (size_t)(it.e - it.b);
    for (size_t i = 0; i < count; i++) {
        const yaml_node_t *pn = it.is_single ? n : node(l, it.b[i]);
        if (!pn || pn->type != YAML_SCALAR_NODE || is_null(pn))
            return lerr(l, pn ? pn : n, "each item of '%s' must be a pattern string", key);
        const char *s = (const char *)pn->data.scalar.value;
        size_t len = pn->data.scalar.length;
        if (memchr(s, 0, len)) return lerr(l, pn, "pattern contains a NUL character");
        if (raw) {
            const char *c = amicus__arena_strndup(&l->r->arena, s, len);
            if (!c || !AMICUS_VEC_PUSH(*raw, c)) return lnomem(l);
        }
        if (is_trait_ref(s)) {
            int ti = trait_find(l->r, s + 1, l->dlang);
            if (ti < 0) return lerr(l, pn, "unknown trait '%s' (traits are defined in _pack.yaml)", s);
            st = expand_trait(l->r, ti, l->err, 0);
            if (st) return st;
            const rtrait *t = &l->r->traits.v[ti];
            for (size_t k = 0; k < t->pats.n; k++)
                if (!u32_add_unique(ids, t->pats.v[k])) return lnomem(l);
        } else {
            uint32_t id;
            st = intern_in(l->r, l->plang ? l->plang : l->dlang, s, len, l->file, LN(pn), CL(pn), &id, l->err);
            if (st) return st;
            if (!u32_add_unique(ids, id)) return lnomem(l);
        }
    }
    if (count == 0) return lerr(l, n, "'%s' must list at least one pattern", key);
    return AMICUS_OK;
}

/* ------------------------------------------------------------ _pack.yaml */

static amicus_status load_pack_file(ld *l) {
    yaml_node_t *root = yaml_document_get_root_node(&l->doc);
    if (!root) return AMICUS_OK; /* empty file */
    if (root->type != YAML_MAPPING_NODE) return lerr(l, root, "_pack.yaml must be a mapping");
    static const char *const keys[] = {"pack", "version", "description", "traits", "demands"};
    amicus_status st = check_keys(l, root, "_pack.yaml", keys, 5);
    if (st) return st;
    yaml_node_t *v;
    if ((v = lookup(l, root, "pack")) && (v->type != YAML_SCALAR_NODE))
        return lerr(l, v, "'pack' must be a name");
    if ((v = lookup(l, root, "version"))) {
        long ver;
        if ((st = get_int(l, v, "version", 1, 1, &ver))) return st;
    }
    size_t first_new = l->r->traits.n;
    if ((v = lookup(l, root, "traits")) && !is_null(v)) {
        if (v->type != YAML_MAPPING_NODE) return lerr(l, v, "'traits' must be a mapping of name: [patterns]");
        if ((st = check_keys(l, v, "traits", NULL, 0))) return st;
        for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
            yaml_node_t *k = node(l, p->key), *val = node(l, p->value);
            char ref[128];
            snprintf(ref, sizeof ref, "@%s", (const char *)k->data.scalar.value);
            if (k->data.scalar.length > 100 || !is_trait_ref(ref))
                return lerr(l, k, "trait name '%.60s' must be letters, digits, '-' or '_'",
                            (const char *)k->data.scalar.value);
            int prev = trait_exact(l->r, ref + 1, l->dlang);
            if (prev >= 0)
                return lerr(l, k, "trait '%s' is already defined at %s:%lu", ref + 1,
                            l->r->traits.v[prev].file, l->r->traits.v[prev].line);
            items it;
            if ((st = get_list(l, val, "traits", true, &it))) return st;
            rtrait t = {0};
            t.name = amicus__arena_strdup(&l->r->arena, ref + 1);
            t.lang = l->dlang;
            t.file = l->file;
            t.line = LN(k);
            t.col = CL(k);
            if (!t.name) return lnomem(l);
            size_t count = it.is_single ? 1 : (size_t)(it.e - it.b);
            bool ok = true;
            for (size_t i = 0; i < count && ok; i++) {
                const yaml_node_t *pn = it.is_single ? val : node(l, it.b[i]);
                if (!pn || pn->type != YAML_SCALAR_NODE || is_null(pn)) {
                    AMICUS_VEC_FREE(t.items); AMICUS_VEC_FREE(t.item_line); AMICUS_VEC_FREE(t.item_col);
                    return lerr(l, pn ? pn : val, "each item of trait '%s' must be a pattern string", t.name);
                }
                const char *c = amicus__arena_strndup(&l->r->arena, (const char *)pn->data.scalar.value,
                                                      pn->data.scalar.length);
                unsigned long ln = LN(pn), cl = CL(pn);
                ok = c && AMICUS_VEC_PUSH(t.items, c) && AMICUS_VEC_PUSH(t.item_line, ln) &&
                     AMICUS_VEC_PUSH(t.item_col, cl);
            }
            if (ok && count == 0) {
                AMICUS_VEC_FREE(t.items); AMICUS_VEC_FREE(t.item_line); AMICUS_VEC_FREE(t.item_col);
                return lerr(l, val, "trait '%s' has no patterns", t.name);
            }
            if (!ok || !AMICUS_VEC_PUSH(l->r->traits, t)) {
                AMICUS_VEC_FREE(t.items); AMICUS_VEC_FREE(t.item_line); AMICUS_VEC_FREE(t.item_col);
                return lnomem(l);
            }
        }
        for (size_t i = first_new; i < l->r->traits.n; i++)
            if ((st = expand_trait(l->r, (int)i, l->err, 0))) return st;
        l->r->hedge_trait = trait_index(l->r, "hedge");
    }
    u32vec *drel = l->r->demand_rel;
    bool *dhas = l->r->demand_has_rel;
    if (l->dlang) { /* a language subdirectory: its demands apply to documents in its language */
        rlang *lg = (rlang *)amicus__rules_lang(l->r, l->dlang);
        if (!lg) {
            rlang z;
            memset(&z, 0, sizeof z);
            z.lang = l->dlang;
            if (!AMICUS_VEC_PUSH(l->r->langs, z)) return lnomem(l);
            lg = &l->r->langs.v[l->r->langs.n - 1];
        }
        drel = lg->demand_rel;
        dhas = lg->demand_has_rel;
    }
    if ((v = lookup(l, root, "demands")) && !is_null(v)) {
        if (v->type != YAML_MAPPING_NODE) return lerr(l, v, "'demands' must be a mapping of 1..6: settings");
        if ((st = check_keys(l, v, "demands", NULL, 0))) return st;
        for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
            yaml_node_t *k = node(l, p->key), *val = node(l, p->value);
            long d;
            if ((st = get_int(l, k, "demand", 1, 6, &d))) return st;
            if (val->type != YAML_MAPPING_NODE) return lerr(l, val, "demand %ld settings must be a mapping", d);
            static const char *const dkeys[] = {"relevant_if", "title"};
            if ((st = check_keys(l, val, "demand settings", dkeys, 2))) return st;
            yaml_node_t *ri = lookup(l, val, "relevant_if");
            if (ri) {
                if ((st = pattern_list(l, ri, "relevant_if", &drel[d], NULL))) return st;
                dhas[d] = true;
            }
        }
    }
    return AMICUS_OK;
}

/* ------------------------------------------------------------ rule files */

static bool valid_id(const char *s) {
    if (!*s) return false;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-')) return false;
    return true;
}

static bool valid_lang(const char *s) {
    size_t n = strlen(s);
    if (n < 2 || n > 3) return false;
    for (; *s; s++)
        if (*s < 'a' || *s > 'z') return false;
    return true;
}

static amicus_status load_conditions(ld *l, const yaml_node_t *n, const char *key, rscope scope,
                                     bool absent, rcondvec *out) {
    items it;
    amicus_status st = get_list(l, n, key, false, &it);
    if (st) return st;
    for (yaml_node_item_t *i = it.b; i < it.e; i++) {
        yaml_node_t *c = node(l, *i);
        if (c->type != YAML_MAPPING_NODE)
            return lerr(l, c, "each condition of '%s' must be a mapping with 'any' (and 'in', 'min', 'unhedged')", key);
        static const char *const ckeys[] = {"any", "in", "min", "unhedged"};
        if ((st = check_keys(l, c, "condition", ckeys, 4))) return st;
        rcond cd = {0};
        cd.places = PL_NODE;
        cd.min = 1;
        cd.line = LN(c);
        cd.col = CL(c);
        if (!AMICUS_VEC_PUSH(*out, cd)) return lnomem(l);
        rcond *pc = &out->v[out->n - 1];
        yaml_node_t *any = lookup(l, c, "any");
        if (!any) return lerr(l, c, "condition has no 'any' list of patterns");
        if ((st = pattern_list(l, any, "any", &pc->pats, &pc->raw))) return st;
        yaml_node_t *in = lookup(l, c, "in");
        if (in) {
            items pit;
            if ((st = get_list(l, in, "in", true, &pit))) return st;
            size_t count = pit.is_single ? 1 : (size_t)(pit.e - pit.b);
            if (!count) return lerr(l, in, "'in' must name at least one place");
            pc->places = 0;
            for (size_t k = 0; k < count; k++) {
                const yaml_node_t *pn = pit.is_single ? in : node(l, pit.b[k]);
                int pl = 0;
                if ((st = get_enum(l, pn, "in", amicus__place_names, PL_COUNT, &pl))) return st;
                pc->places |= 1u << pl;
            }
        }
        yaml_node_t *mn = lookup(l, c, "min");
        if (mn) {
            long m;
            if ((st = get_int(l, mn, "min", 1, 1000000, &m))) return st;
            pc->min = (unsigned long)m;
        }
        yaml_node_t *uh = lookup(l, c, "unhedged");
        pc->hedge = trait_find(l->r, "hedge", l->dlang);
        if (uh) {
            if ((st = get_bool(l, uh, "unhedged", &pc->unhedged))) return st;
            if (pc->unhedged && pc->hedge < 0)
                return lerr(l, uh, "'unhedged: true' needs a trait named 'hedge' in _pack.yaml");
        }
        if (absent && pc->places == PL_SENTENCE)
            return lerr(l, in ? in : c, "an absence rule has no trigger: a condition only in [sentence] can never hold");
        if (scope == RS_DOCUMENT && pc->places == PL_ANCESTORS)
            return lerr(l, in ? in : c, "a document-scope rule has no ancestors: this condition can never hold");
        if (scope == RS_DOCUMENT && (pc->places & PL_CITING) && !(pc->places & ~(PL_ANCESTORS | PL_CITING)))
            return lerr(l, in ? in : c, "nothing cites a document-scope rule's node (the document): this condition can never hold");
    }
    return AMICUS_OK;
}

static const char *render_conditions(ld *l, const rrule *u) {
    amicus__buf b = {0};
    for (int pass = 0; pass < 2; pass++) {
        const rcondvec *v = pass ? &u->unl : &u->req;
        for (size_t i = 0; i < v->n; i++) {
            const rcond *c = &v->v[i];
            amicus__buf_printf(&b, "%s any [", pass ? "unless  " : "requires");
            for (size_t k = 0; k < c->raw.n; k++) amicus__buf_printf(&b, "%s'%s'", k ? ", " : "", c->raw.v[k]);
            amicus__buf_puts(&b, "] in [");
            int first = 1;
            for (int p = 0; p < PL_COUNT; p++)
                if (c->places & (1u << p)) {
                    amicus__buf_printf(&b, "%s%s", first ? "" : ", ", amicus__place_names[p]);
                    first = 0;
                }
            amicus__buf_puts(&b, "]");
            if (c->min > 1) amicus__buf_printf(&b, " min %lu", c->min);
            if (c->unhedged) amicus__buf_puts(&b, " unhedged");
            amicus__buf_puts(&b, "\n");
        }
    }
    const char *s = amicus__arena_strdup(&l->r->arena, b.s ? b.s : "");
    if (b.oom) s = NULL;
    amicus__buf_free(&b);
    return s;
}


/* the language of a rule or stub file: 'lang' (default en, or the subdirectory's language,
 * which it must equal) */
static amicus_status rule_lang(ld *l, yaml_node_t *root, const char **out) {
    *out = l->dlang ? l->dlang : "en";
    yaml_node_t *v = lookup(l, root, "lang");
    if (!v) return AMICUS_OK;
    amicus_status st = get_str(l, v, "lang", out);
    if (st) return st;
    if (!valid_lang(*out)) return lerr(l, v, "'lang' must be an ISO 639 code such as en, es, fr");
    if (l->dlang && strcmp(*out, l->dlang))
        return lerr(l, v, "'lang: %s' in the language subdirectory '%s' (a rule in %s/ is in %s)", *out,
                    l->dlang, l->dlang, l->dlang);
    return AMICUS_OK;
}

/* an existing rule or stub with this (id, lang): where, else NULL */
static const char *taken(const amicus_rules *r, const char *id, const char *lang, unsigned long *line) {
    for (size_t i = 0; i < r->rules.n; i++) {
        const amicus_rule_info *o = &r->rules.v[i].info;
        if (!strcmp(o->id, id) && !strcmp(o->lang, lang)) { *line = o->line; return o->file; }
    }
    for (size_t i = 0; i < r->na.n; i++)
        if (!strcmp(r->na.v[i].id, id) && !strcmp(r->na.v[i].lang, lang)) { *line = r->na.v[i].line; return r->na.v[i].file; }
    return NULL;
}

/* "id: X, lang: es, not_applicable: reason": the rule deliberately has no version in lang */
static amicus_status load_stub(ld *l, yaml_node_t *root) {
    static const char *const keys[] = {"id", "lang", "not_applicable"};
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node(l, p->key);
        if (k && k->type == YAML_SCALAR_NODE && enum_of((const char *)k->data.scalar.value, keys, 3) < 0)
            return lerr(l, k, "a not_applicable file has only id, lang and not_applicable, not '%.60s'",
                        (const char *)k->data.scalar.value);
    }
    amicus_status st = check_keys(l, root, "not_applicable rule", keys, 3);
    if (st) return st;
    rna a;
    memset(&a, 0, sizeof a);
    yaml_node_t *v = lookup(l, root, "id");
    if (!v) return lerr(l, root, "missing required key 'id'");
    a.line = LN(v);
    if ((st = get_str(l, v, "id", &a.id))) return st;
    if (!valid_id(a.id)) return lerr(l, v, "rule id '%.60s' must be capitals, digits and '-'", a.id);
    if ((st = rule_lang(l, root, &a.lang))) return st;
    if ((st = get_str(l, lookup(l, root, "not_applicable"), "not_applicable", &a.reason)))
        return lerr(l, lookup(l, root, "not_applicable"), "'not_applicable' must give the reason the rule has no %s version", a.lang);
    unsigned long ol;
    const char *of = taken(l->r, a.id, a.lang, &ol);
    if (of) return lerr(l, v, "duplicate rule id %s (lang %s), first defined at %s:%lu", a.id, a.lang, of, ol);
    a.file = l->file;
    a.pack = l->pack;
    return AMICUS_VEC_PUSH(l->r->na, a) ? AMICUS_OK : lnomem(l);
}

/* The same id in several languages is one rule: same concern, demand and severity. */
static amicus_status same_rule(ld *l, yaml_node_t *root, const rrule *u) {
    const amicus_rule_info *in = &u->info;
    for (size_t i = 0; i < l->r->rules.n; i++) {
        const amicus_rule_info *o = &l->r->rules.v[i].info;
        if (strcmp(o->id, in->id) || !strcmp(o->lang, in->lang)) continue;
        if (o->concern != in->concern)
            return lerr(l, lookup(l, root, "concern"), "rule %s (lang %s) has concern %s, but its %s version (%s:%lu) has %s: the same id in every language is one rule",
                        in->id, in->lang, amicus_concern_name(in->concern), o->lang, o->file, o->line, amicus_concern_name(o->concern));
        if (o->demand != in->demand)
            return lerr(l, lookup(l, root, "demand"), "rule %s (lang %s) has demand %d, but its %s version (%s:%lu) has %d: the same id in every language is one rule",
                        in->id, in->lang, in->demand, o->lang, o->file, o->line, o->demand);
        if (o->severity != in->severity)
            return lerr(l, lookup(l, root, "severity"), "rule %s (lang %s) has severity %s, but its %s version (%s:%lu) has %s: the same id in every language is one rule",
                        in->id, in->lang, amicus_severity_name(in->severity), o->lang, o->file, o->line, amicus_severity_name(o->severity));
    }
    return AMICUS_OK;
}

/* *stub is set when the file is a not_applicable stub (loaded into r->na, u untouched) */
static amicus_status load_rule_body(ld *l, rrule *u, bool *stub) {
    *stub = false;
    yaml_node_t *root = yaml_document_get_root_node(&l->doc);
    if (!root) return amicus__error(l->err, AMICUS_ERR_RULES, l->file, 1, 1, -1, "empty rule file");
    if (root->type != YAML_MAPPING_NODE) return lerr(l, root, "a rule file must be a mapping (id:, concern:, ...)");
    if (lookup(l, root, "not_applicable")) {
        *stub = true;
        return load_stub(l, root);
    }
    static const char *const keys[] = {"id", "lang", "kind", "concern", "demand", "severity",
                                       "scope", "patterns", "requires", "unless", "absent",
                                       "message", "standard", "remedy", "source", "examples",
                                       "not_applicable"};
    amicus_status st = check_keys(l, root, "rule", keys, 16);
    if (st) return st;
    static const char *const required[] = {"id", "concern", "demand", "severity", "scope",
                                           "message", "standard", "remedy", "patterns", "examples"};
    for (int i = 0; i < 10; i++)
        if (!lookup(l, root, required[i]))
            return lerr(l, root, "missing required key '%s'", required[i]);
    amicus_rule_info *in = &u->info;
    in->file = l->file;
    yaml_node_t *v = lookup(l, root, "id");
    in->line = LN(v);
    if ((st = get_str(l, v, "id", &in->id))) return st;
    if (!valid_id(in->id)) return lerr(l, v, "rule id '%.60s' must be capitals, digits and '-'", in->id);
    if ((st = rule_lang(l, root, &in->lang))) return st;
    l->plang = in->lang;
    {
        unsigned long ol;
        const char *of = taken(l->r, in->id, in->lang, &ol);
        if (of)
            return lerr(l, lookup(l, root, "id"), "duplicate rule id %s (lang %s), first defined at %s:%lu",
                        in->id, in->lang, of, ol);
    }
    u->pack = l->pack;
    u->in_sub = l->dlang != NULL;
    int e;
    static const char *const kinds[] = {"risk", "evidence"};
    u->risk = true;
    in->kind = "risk";
    if ((v = lookup(l, root, "kind"))) {
        if ((st = get_enum(l, v, "kind", kinds, 2, &e))) return st;
        u->risk = e == 0;
        in->kind = kinds[e];
    }
    if ((st = get_enum(l, lookup(l, root, "concern"), "concern", concern_names, AMICUS_CONCERN_COUNT, &e))) return st;
    in->concern = (amicus_concern)e;
    long d;
    if ((st = get_int(l, lookup(l, root, "demand"), "demand", 1, 6, &d))) return st;
    in->demand = (int)d;
    static const char *const sevs[] = {"note", "warning", "error"};
    if ((st = get_enum(l, lookup(l, root, "severity"), "severity", sevs, 3, &e))) return st;
    in->severity = (amicus_severity)(e + 1);
    if ((st = get_enum(l, lookup(l, root, "scope"), "scope", amicus__scope_names, RS_COUNT, &e))) return st;
    u->scope = (rscope)e;
    in->scope = amicus__scope_names[e];
    if ((st = same_rule(l, root, u))) return st;
    bool absent = false;
    if ((v = lookup(l, root, "absent"))) {
        if ((st = get_bool(l, v, "absent", &absent))) return st;
        if (absent && u->scope != RS_DOCUMENT)
            return lerr(l, v, "'absent: true' needs 'scope: document' (absence is judged over the whole document)");
    }
    in->absent = absent;
    in->enabled = 1;
    if ((st = get_str(l, lookup(l, root, "message"), "message", &in->message))) return st;
    if ((st = get_str(l, lookup(l, root, "standard"), "standard", &in->standard))) return st;
    if ((st = get_str(l, lookup(l, root, "remedy"), "remedy", &in->remedy))) return st;
    if ((v = lookup(l, root, "source")) && (st = get_str(l, v, "source", &in->source))) return st;
    v = lookup(l, root, "patterns");
    if (v->type != YAML_SEQUENCE_NODE) return lerr(l, v, "'patterns' must be a list, not %s", type_word(v));
    if ((st = pattern_list(l, v, "patterns", &u->pats, &u->raw))) return st;
    if ((v = lookup(l, root, "requires")) && (st = load_conditions(l, v, "requires", u->scope, absent, &u->req))) return st;
    if ((v = lookup(l, root, "unless")) && (st = load_conditions(l, v, "unless", u->scope, absent, &u->unl))) return st;
    v = lookup(l, root, "examples");
    if (v->type != YAML_MAPPING_NODE) return lerr(l, v, "'examples' must be a mapping with 'fire' and 'pass' lists");
    static const char *const ekeys[] = {"fire", "pass"};
    if ((st = check_keys(l, v, "examples", ekeys, 2))) return st;
    for (int k = 0; k < 2; k++) {
        yaml_node_t *ex = lookup(l, v, ekeys[k]);
        if (!ex) return lerr(l, v, "examples need at least one '%s' text", ekeys[k]);
        items it;
        if ((st = get_list(l, ex, ekeys[k], false, &it))) return st;
        if (it.e == it.b) return lerr(l, ex, "examples need at least one '%s' text", ekeys[k]);
        for (yaml_node_item_t *i = it.b; i < it.e; i++) {
            const char *s;
            if ((st = get_str(l, node(l, *i), ekeys[k], &s))) return st;
            strvec *dst = k ? &u->pass : &u->fire;
            if (!AMICUS_VEC_PUSH(*dst, s)) return lnomem(l);
        }
    }
    in->conditions = render_conditions(l, u);
    if (!in->conditions) return lnomem(l);
    return AMICUS_OK;
}

static void fix_info_arrays(rrule *u) {
    u->info.npatterns = u->raw.n;
    u->info.patterns = u->raw.v;
    u->info.nfire = u->fire.n;
    u->info.fire = u->fire.v;
    u->info.npass = u->pass.n;
    u->info.pass = u->pass.v;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* One directory: _pack.yaml, then the rule files in name order. At a pack root (dlang NULL)
 * the language subdirectories (2-3 lower-case letters: es, pt, fr, de, ar ...) follow, in
 * name order, each loaded the same way with its language; other subdirectories are ignored. */
static amicus_status load_dir(amicus_rules *r, const char *dir, const char *dlang, int pack, amicus_error *err) {
    DIR *dp = opendir(dir);
    if (!dp) return amicus__error(err, AMICUS_ERR_IO, dir, 0, 0, -1, "cannot open rule pack directory: %s", strerror(errno));
    AMICUS_VEC(char *) names = {0};
    AMICUS_VEC(char *) subs = {0};
    amicus_status st = AMICUS_OK;
    bool have_pack = false;
    bool slash = dir[0] && dir[strlen(dir) - 1] == '/';
    struct dirent *de;
    while ((de = readdir(dp))) {
        size_t n = strlen(de->d_name);
        if (de->d_name[0] == '.') continue;
        if (!dlang && valid_lang(de->d_name)) {
            char sp[4096];
            struct stat sb;
            snprintf(sp, sizeof sp, "%s%s%s", dir, slash ? "" : "/", de->d_name);
            if (stat(sp, &sb) == 0 && S_ISDIR(sb.st_mode)) {
                char *c = amicus__strdup(de->d_name);
                if (!c || !AMICUS_VEC_PUSH(subs, c)) {
                    amicus__free(c);
                    st = amicus__error(err, AMICUS_ERR_NOMEM, dir, 0, 0, -1, "out of memory");
                    break;
                }
                continue;
            }
        }
        if (n < 6 || strcmp(de->d_name + n - 5, ".yaml") != 0) continue;
        if (!strcmp(de->d_name, "_pack.yaml")) { have_pack = true; continue; }
        char *c = amicus__strdup(de->d_name);
        if (!c || !AMICUS_VEC_PUSH(names, c)) {
            amicus__free(c);
            st = amicus__error(err, AMICUS_ERR_NOMEM, dir, 0, 0, -1, "out of memory");
            break;
        }
    }
    closedir(dp);
    if (!st && names.n) qsort(names.v, names.n, sizeof *names.v, cmp_str);
    if (!st && subs.n) qsort(subs.v, subs.n, sizeof *subs.v, cmp_str);
    /* a language subdirectory counts (for coverage) once it holds a .yaml file: git keeps no
     * empty directories, so an empty one must not change the result */
    if (!st && dlang && (have_pack || names.n)) {
        rsub sb = {pack, dlang};
        if (!AMICUS_VEC_PUSH(r->subs, sb)) st = amicus__error(err, AMICUS_ERR_NOMEM, dir, 0, 0, -1, "out of memory");
    }
    /* _pack.yaml first, then the rules in name order */
    for (size_t i = (have_pack ? 0 : 1); !st && i <= names.n; i++) {
        const char *base = i == 0 ? "_pack.yaml" : names.v[i - 1];
        size_t plen = strlen(dir) + strlen(base) + 2;
        char *path = amicus__arena_alloc(&r->arena, plen);
        if (!path) { st = amicus__error(err, AMICUS_ERR_NOMEM, dir, 0, 0, -1, "out of memory"); break; }
        snprintf(path, plen, "%s%s%s", dir, slash ? "" : "/", base);
        struct stat sb;
        if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) continue; /* a directory named x.yaml */
        ld l;
        memset(&l, 0, sizeof l);
        l.r = r;
        l.file = path;
        l.err = err;
        l.dlang = dlang;
        l.pack = pack;
        st = parse_file(&l, path);
        if (st) break;
        if (i == 0) {
            st = load_pack_file(&l);
        } else {
            rrule u = {0};
            bool stub = false;
            st = load_rule_body(&l, &u, &stub);
            if (!st && !stub) {
                fix_info_arrays(&u);
                if (!AMICUS_VEC_PUSH(r->rules, u)) {
                    rule_free_contents(&u);
                    st = amicus__error(err, AMICUS_ERR_NOMEM, path, 0, 0, -1, "out of memory");
                }
            } else {
                rule_free_contents(&u);
            }
        }
        yaml_document_delete(&l.doc);
    }
    for (size_t i = 0; !st && i < subs.n; i++) {
        size_t plen = strlen(dir) + strlen(subs.v[i]) + 2;
        char *path = amicus__arena_alloc(&r->arena, plen);
        const char *lang = amicus__arena_strdup(&r->arena, subs.v[i]);
        if (!path || !lang) { st = amicus__error(err, AMICUS_ERR_NOMEM, dir, 0, 0, -1, "out of memory"); break; }
        snprintf(path, plen, "%s%s%s", dir, slash ? "" : "/", subs.v[i]);
        st = load_dir(r, path, lang, pack, err);
    }
    for (size_t i = 0; i < names.n; i++) amicus__free(names.v[i]);
    AMICUS_VEC_FREE(names);
    for (size_t i = 0; i < subs.n; i++) amicus__free(subs.v[i]);
    AMICUS_VEC_FREE(subs);
    return st;
}

/* Coverage of one pack: every rule id of its root, in each of its language subdirectories, as
 * a rule or a not_applicable stub. */
static bool coverage(amicus_rules *r, int pack) {
    for (size_t i = 0; i < r->rules.n; i++) {
        const rrule *u = &r->rules.v[i];
        if (u->pack != pack || u->in_sub) continue;
        bool seen_before = false; /* one gap per id even if the root has it in several languages */
        for (size_t k = 0; k < i && !seen_before; k++)
            seen_before = r->rules.v[k].pack == pack && !r->rules.v[k].in_sub && !strcmp(r->rules.v[k].info.id, u->info.id);
        if (seen_before) continue;
        for (size_t s = 0; s < r->subs.n; s++) {
            if (r->subs.v[s].pack != pack) continue;
            const char *lang = r->subs.v[s].lang;
            unsigned long line;
            if (taken(r, u->info.id, lang, &line)) continue;
            rgap g = {u->info.id, lang};
            if (!AMICUS_VEC_PUSH(r->gaps, g)) return false;
        }
    }
    return true;
}

amicus_status amicus_rules_load_dir(amicus_rules *r, const char *dir, amicus_error *err) {
    if (!r || !dir) return amicus__error(err, AMICUS_ERR_USAGE, dir, 0, 0, -1, "bad arguments");
    int pack = r->npacks++;
    amicus_status st = load_dir(r, dir, NULL, pack, err);
    if (!st && !coverage(r, pack)) st = amicus__error(err, AMICUS_ERR_NOMEM, dir, 0, 0, -1, "out of memory");
    amicus__vcache_store(r); /* what passed is remembered even when a later pattern failed */
    if (!st) r->compiled = false;
    return st;
}

size_t amicus_rules_not_applicable_count(const amicus_rules *r) { return r ? r->na.n : 0; }
int amicus_rules_not_applicable(const amicus_rules *r, size_t i, const char **id, const char **lang,
                                const char **reason) {
    if (!r || i >= r->na.n) return 0;
    if (id) *id = r->na.v[i].id;
    if (lang) *lang = r->na.v[i].lang;
    if (reason) *reason = r->na.v[i].reason;
    return 1;
}
size_t amicus_rules_gap_count(const amicus_rules *r) { return r ? r->gaps.n : 0; }
int amicus_rules_gap(const amicus_rules *r, size_t i, const char **id, const char **lang) {
    if (!r || i >= r->gaps.n) return 0;
    if (id) *id = r->gaps.v[i].id;
    if (lang) *lang = r->gaps.v[i].lang;
    return 1;
}

/* ------------------------------------------------------------ introspection, switches */

size_t amicus_rules_count(const amicus_rules *r) { return r ? r->rules.n : 0; }
const amicus_rule_info *amicus_rules_get(const amicus_rules *r, size_t i) {
    return r && i < r->rules.n ? &r->rules.v[i].info : NULL;
}
const amicus_rule_info *amicus_rules_find(const amicus_rules *r, const char *id, const char *lang) {
    if (!r || !id) return NULL;
    for (size_t i = 0; i < r->rules.n; i++) {
        const amicus_rule_info *in = &r->rules.v[i].info;
        if (!strcmp(in->id, id) && (!lang || !strcmp(in->lang, lang))) return in;
    }
    return NULL;
}

amicus_status amicus_rules_disable(amicus_rules *r, const char *id, amicus_error *err) {
    if (!r || !id) return amicus__error(err, AMICUS_ERR_USAGE, NULL, 0, 0, -1, "bad arguments");
    bool found = false;
    for (size_t i = 0; i < r->rules.n; i++)
        if (!strcmp(r->rules.v[i].info.id, id)) {
            r->rules.v[i].info.enabled = 0;
            found = true;
        }
    if (!found) return amicus__error(err, AMICUS_ERR_USAGE, NULL, 0, 0, -1, "no rule with id '%s' to disable", id);
    return AMICUS_OK;
}

amicus_status amicus_rules_set_severity(amicus_rules *r, const char *id, amicus_severity sev,
                                        amicus_error *err) {
    if (!r || !id || sev < AMICUS_SEV_NOTE || sev > AMICUS_SEV_ERROR)
        return amicus__error(err, AMICUS_ERR_USAGE, NULL, 0, 0, -1, "bad arguments");
    bool found = false;
    for (size_t i = 0; i < r->rules.n; i++)
        if (!strcmp(r->rules.v[i].info.id, id)) {
            r->rules.v[i].info.severity = sev;
            found = true;
        }
    if (!found) return amicus__error(err, AMICUS_ERR_USAGE, NULL, 0, 0, -1, "no rule with id '%s'", id);
    return AMICUS_OK;
}

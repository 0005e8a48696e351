/* structure.h — internals shared by the legal-structure parser's files (lines, headers, context). */
#ifndef AMICUS_STRUCTURE_H
#define AMICUS_STRUCTURE_H

#include "core/core.h"

/* one source line of the normalised text */
typedef struct st_line {
    size_t s, e;     /* [s, e) without the '\n' */
    size_t cs, ce;   /* content: after leading blanks and '#' markers, before trailing blanks */
    uint8_t hashes;  /* Markdown heading markers */
    uint8_t blank;   /* empty, blank or an HTML tag line */
    uint8_t used;    /* consumed as a header or a heading of a header */
    uint8_t head;    /* a heading element of the source starts here (HTML h1-h6) */
} st_line;

enum { FAM_NONE = 0, FAM_ART, FAM_SEC, FAM_PAR, FAM_NUM };
enum { H_PROV = 1, H_GROUP, H_HEAD, H_LANG, H_INSTR };

/* a structural header found in the text: provision, grouping, standalone heading */
typedef struct st_hdr {
    int type;            /* H_* */
    int fam;             /* provision family (FAM_*) */
    const char *kind;    /* "article", "section", "chapter", ... (static) */
    size_t line;         /* line index of the keyword line */
    size_t start;        /* node start (a marginal heading line may come first) */
    size_t body;         /* where the node's own text starts */
    size_t hend;         /* end of the header text (references inside are skipped) */
    char number[80];
    char label[96];
    size_t ts, te;       /* title span (te == ts: none) */
    long numv;           /* numeric part of number, -1 when none */
    char suffix[12];     /* letter suffix of number ("A", "bis") */
    int quoted;          /* quoted inside an amending provision */
    int amending;        /* its text introduces quoted provisions */
    int drop;            /* grouping inside a quoted region: not outlined */
    int lang;            /* language index, -1 unknown */
    int rank;            /* grouping rank */
    int32_t node;        /* node index once built */
    int inquote;         /* its keyword follows an opening quote ("“Art. 140.-") */
    int dispo;           /* Spanish disposiciones: 1 their grouping, 2 "PRIMERA." under it, 3 "Disposición final primera." */
    int glued;           /* an Arabic grouping heading glued to the end of the text before it */
} st_hdr;

typedef struct st_span { size_t s, e; } st_span;

typedef struct st_ctx {
    amicus_doc *doc;
    const char *t;
    size_t n;
    AMICUS_VEC(st_line) lines;
    AMICUS_VEC(st_hdr) hdrs;
    AMICUS_VEC(st_span) contents; /* contents lists (drop_contents_lists): text, not law */
    int fam;             /* dominant provision family */
    bool mantel;         /* omnibus act: "Artikel N" provisions, the §§ of a statute it enacts quoted */
    bool oom;
    bool depth_capped;
    size_t depth_cap_off;
} st_ctx;

/* structure.c */
bool amicus__st_is_dash(const char *t, size_t p, size_t e, size_t *len);
bool amicus__st_quote_open(const char *t, size_t p, size_t e, size_t *len);
bool amicus__st_quote_close(const char *t, size_t p, size_t e, size_t *len);
const amicus_node *amicus__st_provision_of(const amicus_doc *doc, int32_t i);
/* bytes of an ordinal indicator printed after the digits of number v at p, 0 if none: "5º", "1°",
 * the "o" of "Art. 1o" (º as typed: ordinals run 1º-9º, so "§ 111o" stays a letter), the "er" of
 * French "Art. 1er"; never followed by a letter or digit */
size_t amicus__st_ordinal_ind(const char *t, size_t p, size_t e, long v);
/* offset p lies in a contents list (drop_contents_lists): text that lists, not law */
bool amicus__st_in_contents(const st_ctx *c, size_t p);
/* a number written as a word ("primero", "السادسة", "الحادية عشرة") or in Arabic-Indic digits */
bool amicus__st_wordnum(const char *t, size_t p, size_t e, long *v, size_t *after);

/* semantic.c: definitions, references and their health */
bool amicus__st_definitions(st_ctx *c);
bool amicus__st_references(st_ctx *c);
/* citations of articles by the Arabic word and a number ("المادة (5)", "فيالمواد (13)") */
size_t amicus__st_ar_article_cites(const char *t, size_t n);

#endif

/* rules.h — internal layout of the findings engine: rule packs, the pattern table, reports. */
#ifndef AMICUS_RULES_H
#define AMICUS_RULES_H

#include "core/core.h"
#include <hs.h>
#include <pthread.h>
#include <stdatomic.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* Vectorscan flags: Unicode semantics come from PCRE2 confirmation (load.c relax_pattern) */
#define AMICUS__HS_FLAGS (HS_FLAG_CASELESS | HS_FLAG_UTF8)
#define AMICUS__HS_FLAGS_BYTES (HS_FLAG_CASELESS)

/* condition places (bits) */
enum {
    PL_NODE = 1u << 0,
    PL_ANCESTORS = 1u << 1,
    PL_DESCENDANTS = 1u << 2,
    PL_PROVISION = 1u << 3,
    PL_DEFINITIONS = 1u << 4,
    PL_CITED = 1u << 5,
    PL_DOCUMENT = 1u << 6,
    PL_SENTENCE = 1u << 7,
    PL_CITING = 1u << 8
};
#define PL_COUNT 9
extern const char *const amicus__place_names[PL_COUNT];

typedef enum rscope {
    RS_PROVISION = 0, RS_PARAGRAPH, RS_ITEM, RS_DEFINITION, RS_DOCUMENT, RS_COUNT
} rscope;
extern const char *const amicus__scope_names[RS_COUNT];

typedef AMICUS_VEC(uint32_t) u32vec;
typedef AMICUS_VEC(const char *) strvec;
typedef AMICUS_VEC(size_t) szvec;

/* one unique pattern (deduplicated by its text) */
typedef struct rpat {
    char *text;               /* arena */
    const char *file;         /* first use (arena) */
    unsigned long line, col;
    char *hs_text;            /* what Vectorscan compiles: text without \b / \B (arena) */
    pcre2_code *re;           /* (?:text\E)(?C1): caseless, UTF, UCP; the callout pins the end.
                               * NULL until a database holding the pattern is built when the
                               * pattern was validated before (the cache's memo); set once,
                               * under re_mu, before that database's state is published */
    bool verify;              /* Vectorscan matches a superset: confirm each end with PCRE2 */
    bool trail_b;             /* a final \b was dropped: check the word boundary at the end */
    bool bytes;               /* pure ASCII: compiled without HS_FLAG_UTF8 (see relax_pattern) */
    uint8_t start_map[32];    /* bytes a match can start with (from PCRE2's study; with re) */
    unsigned max_width;       /* from hs_expression_info, UINT_MAX when unbounded */
    bool used;                /* in the compiled database */
} rpat;

typedef struct rcond {
    u32vec pats;              /* expanded, unique pattern ids */
    strvec raw;               /* as written */
    unsigned places;
    unsigned long min;
    bool unhedged;
    int hedge;                /* the hedge trait for unhedged (the rule's language), -1 none */
    unsigned long line, col;
} rcond;

typedef AMICUS_VEC(rcond) rcondvec;

typedef struct rrule {
    amicus_rule_info info;    /* public view; strings in the rules arena */
    rscope scope;
    bool risk;
    u32vec pats;              /* expanded trigger patterns */
    strvec raw, fire, pass;
    rcondvec req, unl;
    int pack;                 /* index of the amicus_rules_load_dir call that loaded it */
    bool in_sub;              /* from a language subdirectory (rules/<pack>/<lang>/) */
} rrule;

/* a rule deliberately absent in a language: "id, lang, not_applicable: reason" */
typedef struct rna {
    const char *id, *lang, *reason, *file;
    unsigned long line;
    int pack;
} rna;

/* a language subdirectory of a pack, and the per-language demand relevance */
typedef struct rsub { int pack; const char *lang; } rsub;
typedef struct rlang {
    const char *lang;
    u32vec demand_rel[7];
    bool demand_has_rel[7];
} rlang;
typedef struct rgap { const char *id, *lang; } rgap;

typedef struct rtrait {
    const char *name;
    const char *lang;         /* NULL: a pack root's trait; else its language subdirectory's */
    const char *file;
    unsigned long line, col;
    strvec items;             /* as written */
    AMICUS_VEC(unsigned long) item_line, item_col;
    u32vec pats;              /* expanded */
    const char **texts;       /* expanded pattern texts, NULL-terminated (arena) */
    int state;                /* 0 new, 1 expanding, 2 done */
} rtrait;

/* One Vectorscan database per language (compile.c): the patterns of that language's enabled
 * rules (triggers, conditions, their hedge traits), its demand relevance and the pack roots'
 * relevance; lang NULL is the database for text in a language without rules (relevance
 * only). Built on first use, once, under mu; state is read without the lock (acquire). */
typedef struct rdb {
    const char *lang;          /* rules arena; NULL: languages without rules */
    u32vec pats;               /* pattern ids, ascending */
    hs_database_t *db;         /* NULL when the language has no patterns */
    pthread_mutex_t mu;
    atomic_int state;          /* 0 not built, 1 built, 2 failed (err kept) */
    amicus_error err;          /* why building failed */
    double ms;                 /* time building (compile or cache load) took */
    bool hit;                  /* loaded from the disk cache */
} rdb;

/* Scratch pool (compile.c): one Vectorscan scratch per concurrent check, reused across
 * checks; fit has bit i set when the scratch is big enough for database i. */
typedef struct rscratch { hs_scratch_t *s; uint64_t fit; } rscratch;

/* A pattern that passed validation before (cache.c): key hashes its text, the text Vectorscan
 * compiles and its flags; max_width is what hs_expression_info said. Or a rule file whose
 * YAML passed the event check (key: its bytes; max_width 0). */
typedef struct rvrec { uint64_t key[2]; uint32_t max_width, pad; } rvrec;
typedef struct rvcache {
    bool loaded;                           /* the file was read (or found missing) */
    rvrec *old; size_t nold;               /* its records, sorted */
    uint8_t *seen;                         /* per old record: looked up by this process */
    AMICUS_VEC(rvrec) add;                 /* validated by this process, not yet written */
} rvcache;

struct amicus_rules {
    amicus__arena arena;
    AMICUS_VEC(rpat) pats;
    uint32_t *hash; size_t hash_cap;       /* open addressing over pats, index+1 */
    AMICUS_VEC(rtrait) traits;
    AMICUS_VEC(rrule) rules;
    u32vec demand_rel[7];                  /* relevant_if patterns per demand */
    bool demand_has_rel[7];
    int hedge_trait;                       /* index in traits or -1 (pack roots) */
    AMICUS_VEC(rna) na;                    /* not_applicable stubs */
    AMICUS_VEC(rsub) subs;                 /* language subdirectories loaded */
    AMICUS_VEC(rlang) langs;               /* per-language demand relevance */
    AMICUS_VEC(rgap) gaps;                 /* coverage gaps (rules test) */
    int npacks;
    rdb *dbs; size_t ndbs;                 /* per language, after amicus_rules_compile */
    bool dbs_init;                         /* mutexes initialised */
    pthread_mutex_t pool_mu;
    AMICUS_VEC(rscratch) pool;             /* idle scratches */
    bool compiled;
    pthread_mutex_t re_mu;                 /* lazy PCRE2 compilation (amicus__rules_regex) */
    pcre2_general_context *gctx;
    pcre2_compile_context *cctx;
    pcre2_match_context *mctx;
    char *cache_dir;                       /* amicus__malloc'd, NULL = none */
    rvcache vc;                            /* validation memo, while loading */
};

/* load.c */
amicus_status amicus__rules_intern(amicus_rules *r, const char *text, size_t len, const char *file,
                                   unsigned long line, unsigned long col, uint32_t *id,
                                   amicus_error *err);
const rtrait *amicus__rules_trait(const amicus_rules *r, const char *name);
/* compile pattern id's PCRE2 code if it has none yet (errors name the pattern's place); the
 * caller holds re_mu */
amicus_status amicus__rules_regex(amicus_rules *r, uint32_t id, amicus_error *err);
/* the per-language demand settings for lang, NULL when its subdirectories set none */
const rlang *amicus__rules_lang(const amicus_rules *r, const char *lang);

/* compile.c: the database for text in lang (built on first use; NULL db when it has no
 * patterns), a scratch from the pool fitting database index dbi, and its return */
amicus_status amicus__rules_db(const amicus_rules *r, const char *lang, const rdb **out, amicus_error *err);
amicus_status amicus__scratch_get(const amicus_rules *r, rscratch *out, amicus_error *err);
amicus_status amicus__scratch_fit(const amicus_rules *r, rscratch *s, const rdb *db, amicus_error *err);
void amicus__scratch_put(const amicus_rules *r, rscratch *s);
void amicus__rules_dbs_free(amicus_rules *r);

/* cache.c: a cache file read whole (at most max bytes; *out amicus__malloc'd), false when
 * missing or unreadable; a file written atomically (dir created), failures ignored */
bool amicus__cache_read(const char *path, size_t max, char **out, size_t *outn);
void amicus__cache_write(const char *dir, const char *path, const void *bytes, size_t n);
/* the validation memo (only with a cache directory): the key of a pattern, whether it passed
 * before (and its max width), record one that passed, write the new records, free */
void amicus__vcache_key(const char *text, size_t len, const char *hs_text, bool bytes, uint64_t key[2]);
void amicus__vcache_file_key(const char *bytes, size_t n, uint64_t key[2]);
bool amicus__vcache_get(amicus_rules *r, const uint64_t key[2], unsigned *max_width);
void amicus__vcache_put(amicus_rules *r, const uint64_t key[2], unsigned max_width);
void amicus__vcache_store(amicus_rules *r);
void amicus__vcache_free(amicus_rules *r);

/* fold.c: matching normalisation of a language (Arabic: alef and yaa variants, taa marbuta,
 * tatweel, harakat), for matching only */
typedef struct amicus__mview {
    char *text;               /* the folded text (amicus__malloc) */
    size_t len;
    size_t *map;              /* len + 1 entries: folded byte -> original byte offset */
} amicus__mview;
/* true when text in lang is matched through a folded view */
bool amicus__lang_folds(const char *lang);
/* the folded view of s[0, n), original offsets base + i; false on out of memory */
bool amicus__fold_view(const char *lang, const char *s, size_t n, size_t base, amicus__mview *out);
void amicus__fold_view_free(amicus__mview *v);
/* a pattern folded the same way (literal letters folded, dropped marks dropped with their
 * quantifier); *out amicus__malloc'd, NULL when nothing changes; false on out of memory */
bool amicus__fold_pattern(const char *lang, const char *p, size_t n, char **out, size_t *outn);

/* check.c: the report */
typedef struct rexplain rexplain;
struct amicus_report {
    amicus__arena arena;
    AMICUS_VEC(amicus_finding) findings;
    amicus_demand_result demands[6];
    char *explain;            /* arena, NULL when not requested */
};

/* scorecard.c */
amicus_status amicus__scorecard(amicus_report *rep, const amicus_rules *rules,
                                const szvec *matches, const char *lang, amicus_error *err);

#endif

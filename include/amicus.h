/* amicus.h — the one public header of libamicus: documents, structure, rules, findings. */
#ifndef AMICUS_H
#define AMICUS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AMICUS_VERSION "0.1.0"
#define AMICUS_JSON_SCHEMA_VERSION "1"

/* ------------------------------------------------------------------ errors */

typedef enum amicus_status {
    AMICUS_OK = 0,
    AMICUS_ERR_IO,        /* file missing, unreadable, a directory */
    AMICUS_ERR_NOMEM,     /* allocation failed */
    AMICUS_ERR_INPUT,     /* bad input: binary, NUL bytes, empty, undecodable */
    AMICUS_ERR_TOO_LARGE, /* input over the size limit */
    AMICUS_ERR_FORMAT,    /* unsupported or malformed format (XML, HTML...) */
    AMICUS_ERR_RULES,     /* rule pack invalid */
    AMICUS_ERR_USAGE,     /* bad argument to an API call */
    AMICUS_ERR_INTERNAL
} amicus_status;

typedef struct amicus_error {
    amicus_status status;
    char message[512];
    char file[512];       /* file the error is about ("" when none) */
    unsigned long line;   /* 1-based, 0 when unknown */
    unsigned long column; /* 1-based, 0 when unknown */
    long long offset;     /* byte offset in the file, -1 when unknown */
} amicus_error;

const char *amicus_status_name(amicus_status st);
/* "file:line:col: message" (or "file: message") into buf; returns buf. */
const char *amicus_error_format(const amicus_error *err, char *buf, size_t size);

/* --------------------------------------------------------------- allocator */

/* Every allocation of libamicus goes through these hooks (default: libc).
 * amicus_alloc_fail_after(n) makes the n-th allocation from now fail (tests);
 * 0 switches failure injection off. */
typedef struct amicus_allocator {
    void *(*malloc)(size_t size, void *ctx);
    void *(*realloc)(void *ptr, size_t size, void *ctx);
    void (*free)(void *ptr, void *ctx);
    void *ctx;
} amicus_allocator;
void amicus_set_allocator(const amicus_allocator *a); /* NULL restores libc */
void amicus_alloc_fail_after(unsigned long n);
/* A ceiling on the memory libamicus holds at once, over the whole process (0 = none, the
 * default): an allocation that would go over it fails, and the call returns AMICUS_ERR_NOMEM
 * with a message naming the limit. Counts what goes through the hooks above with the default
 * (libc) allocator — libamicus, libxml2, Vectorscan and PCRE2 — not what libyaml, libzip or
 * poppler allocate; a custom allocator set with amicus_set_allocator is not counted. */
void amicus_set_memory_limit(size_t bytes);
/* Bytes held now and the most held at once since the process started (0 with a custom
 * allocator). */
size_t amicus_memory_in_use(void);
size_t amicus_memory_peak(void);

/* ---------------------------------------------------------------- documents */

typedef enum amicus_format {
    AMICUS_FORMAT_AUTO = 0,
    AMICUS_FORMAT_TEXT,
    AMICUS_FORMAT_MARKDOWN,
    AMICUS_FORMAT_HTML,
    AMICUS_FORMAT_PDF,     /* through poppler; locations carry page and line on the page */
    AMICUS_FORMAT_DOCX,    /* Word: locations are paragraph numbers (line = paragraph) */
    AMICUS_FORMAT_AKN,     /* Akoma Ntoso 3.0 and its profiles (LegalDocML.de) */
    AMICUS_FORMAT_CLML,    /* UK Crown Legislation Markup Language (legislation.gov.uk) */
    AMICUS_FORMAT_USLM,    /* US Legislative Markup (House, US Code) */
    AMICUS_FORMAT_FORMEX   /* EU Publications Office Formex 4 */
} amicus_format;

const char *amicus_format_name(amicus_format f);

typedef struct amicus_open_options {
    size_t max_input;      /* bytes; 0 = default AMICUS_DEFAULT_MAX_INPUT */
    amicus_format format;  /* AUTO = detect from content, then name */
    const char *lang;      /* force a language ("en"); NULL = detect */
    int tracked_original;  /* DOCX tracked changes: 0 = read as accepted, 1 = as the original */
    int max_depth;         /* elements nested in XML, HTML and DOCX; deeper is AMICUS_ERR_TOO_LARGE
                              (0 = default AMICUS_DEFAULT_MAX_DEPTH; at most AMICUS_MAX_DEPTH_CEILING,
                              where libxml2 stops parsing) */
} amicus_open_options;

#define AMICUS_DEFAULT_MAX_INPUT ((size_t)256 * 1024 * 1024)
#define AMICUS_DEFAULT_MAX_DEPTH 200
#define AMICUS_MAX_DEPTH_CEILING 255

typedef struct amicus_doc amicus_doc;

amicus_status amicus_doc_open_file(const char *path, const amicus_open_options *opts,
                                   amicus_doc **out, amicus_error *err);
/* name is used in messages and output ("<memory>" when NULL). The bytes are copied. */
amicus_status amicus_doc_open_memory(const char *data, size_t len, const char *name,
                                     const amicus_open_options *opts, amicus_doc **out,
                                     amicus_error *err);
void amicus_doc_free(amicus_doc *doc);

const char *amicus_doc_name(const amicus_doc *doc);
amicus_format amicus_doc_format(const amicus_doc *doc);
/* The normalised UTF-8 text (NUL-terminated); every offset in the API refers to it. */
const char *amicus_doc_text(const amicus_doc *doc, size_t *len);
/* Title of the document when one was found (first heading), else NULL. */
const char *amicus_doc_title(const amicus_doc *doc);

/* Where a normalised offset came from in the source file. */
typedef struct amicus_location {
    size_t source_offset;   /* byte offset in the source file */
    unsigned long line;     /* 1-based line in the source file */
    unsigned long column;   /* 1-based, in Unicode code points */
    unsigned long page;     /* 1-based page for paged formats, 0 otherwise */
} amicus_location;
void amicus_doc_locate(const amicus_doc *doc, size_t offset, amicus_location *loc);

/* Warnings raised while reading (repaired UTF-8, cp1252 fallback ...). */
typedef struct amicus_diag {
    const char *code;       /* e.g. "invalid-utf8", "cp1252-fallback" */
    const char *message;
    long long offset;       /* source byte offset, -1 when none */
} amicus_diag;
size_t amicus_doc_warning_count(const amicus_doc *doc);
const amicus_diag *amicus_doc_warning(const amicus_doc *doc, size_t i);

/* ---------------------------------------------------------------- structure */

typedef enum amicus_node_type {
    AMICUS_NODE_DOCUMENT = 0,
    AMICUS_NODE_PREAMBLE,   /* preamble, recitals, long title, enacting words */
    AMICUS_NODE_GROUP,      /* part, chapter, title, section-as-heading, division, book */
    AMICUS_NODE_PROVISION,  /* the citable unit: article, section, § */
    AMICUS_NODE_PARAGRAPH,  /* numbered paragraph / subsection: (1), 1. */
    AMICUS_NODE_ITEM,       /* (a), a), (i), (aa), 1°, (A) ... */
    AMICUS_NODE_LANGPART    /* a language version of the whole text (en, nl ...) */
} amicus_node_type;

typedef struct amicus_node {
    amicus_node_type type;
    const char *kind;    /* "article", "section", "chapter", "part", "title", "paragraph",
                            "subsection", "item", "preamble", "recitals", ... */
    const char *number;  /* as cited: "15", "46A", "1030", "L. 852-1", "a", "iv"; NULL if none */
    const char *label;   /* as printed: "Article 15", "§ 1030", "(a)"; NULL if none */
    const char *title;   /* heading, NULL when none */
    const char *lang;    /* ISO 639-1 code, "und" when unknown */
    size_t start, end;   /* normalised byte offsets [start, end) of the whole node */
    size_t body_start;   /* where the node's own text starts (after number and heading) */
    unsigned long line;  /* source line of start */
    unsigned long page;  /* 0 when not paged */
    int32_t index;       /* own index in the node array */
    int32_t parent;      /* -1 for the document */
    int32_t first_child, last_child, next_sibling; /* -1 when none */
    int32_t provision;   /* index of the enclosing provision (self for a provision), -1 */
    uint16_t depth;
    uint16_t flags;      /* AMICUS_NODE_F_* */
    const char *eid;     /* Akoma Ntoso / LegalDocML.de eId of the element the node came from, NULL */
} amicus_node;

#define AMICUS_NODE_F_QUOTED 1u  /* provision (or grouping of a statute an omnibus act enacts) quoted inside a provision */

/* Node 0 is the document. Nodes are in document order (pre-order). */
size_t amicus_doc_node_count(const amicus_doc *doc);
const amicus_node *amicus_doc_node(const amicus_doc *doc, size_t i);
/* The innermost node containing offset (never NULL: the document at worst). */
const amicus_node *amicus_doc_node_at(const amicus_doc *doc, size_t offset);
/* Citable provisions in document order (first language part first). */
size_t amicus_doc_provision_count(const amicus_doc *doc);
const amicus_node *amicus_doc_provision(const amicus_doc *doc, size_t i);
/* First provision whose number equals `number` in language part of node `near`
 * (or any part when near is NULL); NULL when none. */
const amicus_node *amicus_doc_find_provision(const amicus_doc *doc, const char *number,
                                             const amicus_node *near);
/* Citation path of a node, e.g. "Art. 23(2)(b)", "s. 12(1)", "§ 1030(a)(2)". */
const char *amicus_node_path(const amicus_doc *doc, const amicus_node *node, char *buf,
                             size_t size);

typedef struct amicus_definition {
    const char *term;      /* as written, without quotes */
    const char *key;       /* case-folded matching key */
    size_t start, end;     /* the whole definition text */
    size_t term_start, term_end;
    int32_t node;          /* node that holds the definition (item/paragraph/provision) */
    int32_t provision;     /* defining provision */
} amicus_definition;
size_t amicus_doc_definition_count(const amicus_doc *doc);
const amicus_definition *amicus_doc_definition(const amicus_doc *doc, size_t i);
const amicus_definition *amicus_doc_find_definition(const amicus_doc *doc, const char *term);

typedef struct amicus_reference {
    const char *text;      /* as written: "Articles 14 and 15" */
    size_t start, end;
    int32_t from;          /* node where the reference is made */
    int32_t target;        /* node it resolves to, -1 when unresolved */
    const char *target_spec; /* normalised target as understood: "article 15" */
    uint16_t external;     /* 1 when it cites another instrument ("of the Penal Code") */
} amicus_reference;
size_t amicus_doc_reference_count(const amicus_doc *doc);
const amicus_reference *amicus_doc_reference(const amicus_doc *doc, size_t i);

typedef struct amicus_health {
    const char *code;      /* "no-definitions", "unresolved-reference", "numbering-gap",
                              "numbering-repeat", "long-provision", "language-part", ... */
    const char *message;
    size_t offset;
    int32_t node;          /* -1 when none */
} amicus_health;
size_t amicus_doc_health_count(const amicus_doc *doc);
const amicus_health *amicus_doc_health(const amicus_doc *doc, size_t i);

/* ------------------------------------------------------------ rules, findings */

typedef struct amicus_rules amicus_rules;

typedef enum amicus_severity {
    AMICUS_SEV_NONE = 0, AMICUS_SEV_NOTE = 1, AMICUS_SEV_WARNING = 2, AMICUS_SEV_ERROR = 3
} amicus_severity;
const char *amicus_severity_name(amicus_severity s);

typedef enum amicus_concern {
    AMICUS_SCOPE = 0, AMICUS_RESEARCH, AMICUS_SAFEGUARDS, AMICUS_GENDER,
    AMICUS_SURVEILLANCE, AMICUS_SHARING, AMICUS_EXPRESSION, AMICUS_CONCERN_COUNT
} amicus_concern;
const char *amicus_concern_name(amicus_concern c);

/* Load every *.yaml rule file in dir (one rule per file). Call repeatedly for several
 * packs, then amicus_rules_compile once. */
amicus_status amicus_rules_new(amicus_rules **out, amicus_error *err);
amicus_status amicus_rules_load_dir(amicus_rules *rules, const char *dir, amicus_error *err);
amicus_status amicus_rules_disable(amicus_rules *rules, const char *id, amicus_error *err);
amicus_status amicus_rules_set_severity(amicus_rules *rules, const char *id,
                                        amicus_severity sev, amicus_error *err);
/* Decides which patterns go into which language's Vectorscan database (one per language of
 * the enabled rules, plus one for text in other languages); each database is compiled (or
 * loaded from the cache) the first time amicus_check needs it, once, safely under
 * concurrency. Call again after loading, disabling or re-grading rules. */
amicus_status amicus_rules_compile(amicus_rules *rules, amicus_error *err);
/* Build the databases now instead of on first use: lang's, or every one (lang NULL), so that
 * a server pays the cost up front and a pattern Vectorscan rejects is reported here. */
amicus_status amicus_rules_prepare(amicus_rules *rules, const char *lang, amicus_error *err);
void amicus_rules_free(amicus_rules *rules);

/* Rule introspection (valid until amicus_rules_free; strings owned by the rules). */
typedef struct amicus_rule_info {
    const char *id;
    const char *lang;           /* "en" ... */
    const char *kind;           /* "risk" | "evidence" */
    amicus_concern concern;
    int demand;                 /* 1..6 */
    amicus_severity severity;   /* after amicus_rules_set_severity */
    const char *scope;          /* "provision" "paragraph" "item" "definition" "document" */
    int absent;                 /* fires on absence */
    int enabled;                /* 0 after amicus_rules_disable */
    const char *message, *standard, *remedy;
    const char *source;         /* NULL when none */
    const char *file;           /* the rule file */
    unsigned long line;         /* line of its id */
    const char *conditions;     /* requires / unless as readable lines, "" when none */
    size_t npatterns;
    const char *const *patterns;/* as written ("@trait" not expanded) */
    size_t nfire;
    const char *const *fire;    /* examples that must fire */
    size_t npass;
    const char *const *pass;    /* examples that must not fire */
} amicus_rule_info;
/* Language subdirectories of a pack (rules/<pack>/<lang>/, docs/RULES.md "Languages"):
 * the rules deliberately absent in a language ("not_applicable" stubs), and the coverage
 * gaps: a rule id of a pack root with neither a rule nor a stub in one of that pack's
 * language subdirectories. Each getter returns 0 when i is out of range. */
size_t amicus_rules_not_applicable_count(const amicus_rules *rules);
int amicus_rules_not_applicable(const amicus_rules *rules, size_t i, const char **id,
                                const char **lang, const char **reason);
size_t amicus_rules_gap_count(const amicus_rules *rules);
int amicus_rules_gap(const amicus_rules *rules, size_t i, const char **id, const char **lang);
/* Rules in load order (packs in the order loaded, files sorted by name). */
size_t amicus_rules_count(const amicus_rules *rules);
const amicus_rule_info *amicus_rules_get(const amicus_rules *rules, size_t i);
/* First rule with this id (lang NULL = any language), NULL when none. */
const amicus_rule_info *amicus_rules_find(const amicus_rules *rules, const char *id,
                                          const char *lang);
/* Every unique pattern of the loaded rules, traits and demand settings, as written in the
 * packs (the regex text Vectorscan, PCRE2 and ripgrep accept), deduplicated. */
size_t amicus_rules_pattern_count(const amicus_rules *rules);
const char *amicus_rules_pattern(const amicus_rules *rules, size_t i);
/* Patterns of a trait after expansion (NULL when no such trait); *n gets the count. */
const char *const *amicus_rules_trait(const amicus_rules *rules, const char *name, size_t *n);
/* Wall time building the databases built so far took (compiling or loading), in ms. */
double amicus_rules_compile_ms(const amicus_rules *rules);
/* Keep compiled pattern databases in dir (created when missing; NULL = no cache): the next
 * amicus_rules_compile of the same patterns loads the database instead of compiling it
 * (compiling the default pack takes about a second). Set before amicus_rules_load_dir, the
 * cache also remembers which patterns passed validation (by their text and the Vectorscan and
 * PCRE2 versions), so loading does not check them again (most of the cost of loading). A
 * missing, stale or damaged cache file is recompiled and rewritten (atomically); failing to
 * write it is not an error. */
amicus_status amicus_rules_set_cache(amicus_rules *rules, const char *dir, amicus_error *err);
/* 1 when every database built so far (at least one) was loaded from the cache. */
int amicus_rules_cache_hit(const amicus_rules *rules);
/* With amicus_check_options.explain_rule set: why that rule fired or not, per node in its
 * scope (patterns matched, conditions held or failed and where, verdict), as text. NULL when
 * no explanation was requested. */
typedef struct amicus_report amicus_report; /* (also below; C11 allows the repeat) */
const char *amicus_report_explain(const amicus_report *r);

typedef struct amicus_finding {
    const char *rule;       /* rule id */
    const char *kind;       /* "risk" or "evidence" */
    amicus_concern concern;
    int demand;             /* 1..6 */
    amicus_severity severity;
    int32_t node;           /* node the finding is about, 0 (document) for document-level */
    const char *article;    /* number of the enclosing provision, NULL for document-level */
    const char *path;       /* "Art. 20(1)(b)" / "s. 12(1)" / "§ 1030(a)(2)" / NULL */
    size_t start, end;      /* the quoted words in the normalised text */
    amicus_location loc;    /* source location of start */
    const char *quote;
    const char *message, *standard, *remedy;
    char fingerprint[17];   /* 16 hex digits */
    int dismissed;          /* set from a review file */
} amicus_finding;

typedef enum amicus_demand_status {
    AMICUS_DEMAND_NA = 0, AMICUS_DEMAND_MET, AMICUS_DEMAND_PARTLY, AMICUS_DEMAND_UNMET
} amicus_demand_status;
const char *amicus_demand_status_name(amicus_demand_status s);

typedef struct amicus_demand_result {
    int demand;                    /* 1..6 */
    amicus_demand_status status;
    const char *reason;            /* one line */
    size_t nfindings;
    const size_t *findings;        /* indices into the report's findings */
} amicus_demand_result;

typedef struct amicus_report amicus_report;

typedef struct amicus_check_options {
    const char *explain_rule;      /* non-NULL: record why this rule fired or not */
    size_t max_findings;           /* more findings than this in one document (risks and
                                      evidence) is AMICUS_ERR_TOO_LARGE, no report
                                      (0 = default AMICUS_DEFAULT_MAX_FINDINGS) */
} amicus_check_options;

#define AMICUS_DEFAULT_MAX_FINDINGS 20000

amicus_status amicus_check(const amicus_doc *doc, const amicus_rules *rules,
                           const amicus_check_options *opts, amicus_report **out,
                           amicus_error *err);
size_t amicus_report_finding_count(const amicus_report *r);
const amicus_finding *amicus_report_finding(const amicus_report *r, size_t i);
const amicus_demand_result *amicus_report_demand(const amicus_report *r, int demand);
void amicus_report_free(amicus_report *r);

/* ------------------------------------------------------- review file (triage) */

/* Decisions an analyst recorded about findings, keyed by fingerprint (docs/REVIEW.md).
 * The file is JSON: {"amicus_review": 1, "document": NAME, "decisions": [...]}. */
typedef struct amicus_review amicus_review;

typedef enum amicus_review_decision {
    AMICUS_REVIEW_ACCEPTED = 1, AMICUS_REVIEW_DISMISSED = 2
} amicus_review_decision;
const char *amicus_review_decision_name(amicus_review_decision d); /* "accepted", "dismissed" */

typedef struct amicus_review_entry {
    const char *fingerprint;   /* 16 lowercase hex digits */
    amicus_review_decision decision;
    const char *reason;
    const char *date;          /* YYYY-MM-DD */
    const char *rule;          /* rule id, NULL when not recorded */
} amicus_review_entry;

#define AMICUS_REVIEW_VERSION 1
#define AMICUS_REVIEW_SUFFIX ".amicus-review"
#define AMICUS_REVIEW_MAX_SIZE ((size_t)64 * 1024 * 1024)

/* An empty review for document `document` (its name as recorded; NULL = ""). */
amicus_status amicus_review_new(const char *document, amicus_review **out, amicus_error *err);
/* Parse a review file strictly: anything that is not a valid version-1 review is an error
 * (AMICUS_ERR_FORMAT with line and column); a missing file is AMICUS_ERR_IO. */
amicus_status amicus_review_load(const char *path, amicus_review **out, amicus_error *err);
amicus_status amicus_review_parse(const char *data, size_t len, const char *name,
                                  amicus_review **out, amicus_error *err);
const char *amicus_review_document(const amicus_review *rv);
size_t amicus_review_count(const amicus_review *rv);
const amicus_review_entry *amicus_review_entry_at(const amicus_review *rv, size_t i);
/* The decision recorded for a fingerprint (case-insensitive), NULL when none. */
const amicus_review_entry *amicus_review_find(const amicus_review *rv, const char *fingerprint);
/* Record (or replace) the decision for a fingerprint. date NULL = today (UTC); rule may be NULL. */
amicus_status amicus_review_set(amicus_review *rv, const char *fingerprint,
                                amicus_review_decision decision, const char *reason,
                                const char *date, const char *rule, amicus_error *err);
/* Write atomically: a temporary file in the same directory, fsync, rename. */
amicus_status amicus_review_save(const amicus_review *rv, const char *path, amicus_error *err);
/* Sets `dismissed` on every finding of r whose fingerprint is dismissed in rv; returns
 * how many findings were dismissed. */
size_t amicus_review_apply(const amicus_review *rv, amicus_report *r);
void amicus_review_free(amicus_review *rv);
/* "DOCUMENT.amicus-review" into buf; AMICUS_ERR_USAGE when it does not fit. */
amicus_status amicus_review_default_path(const char *document, char *buf, size_t size,
                                         amicus_error *err);

/* ------------------------------------------------------------------ renderers */

#include <stdio.h>

typedef enum amicus_output_format {
    AMICUS_OUT_TEXT = 0, AMICUS_OUT_JSON, AMICUS_OUT_SARIF, AMICUS_OUT_MARKDOWN,
    AMICUS_OUT_HTML        /* one self-contained page: text with findings marked (docs/HTML.md) */
} amicus_output_format;
/* "text", "json", "sarif", "md" / "markdown", "html"; AMICUS_ERR_USAGE otherwise. */
amicus_status amicus_output_format_parse(const char *name, amicus_output_format *out);
const char *amicus_output_format_name(amicus_output_format f);

/* The short statement of each demand of the joint statement (1..6), NULL otherwise. */
const char *amicus_demand_statement(int demand);

typedef struct amicus_render_options {
    amicus_output_format format;
    int color;             /* text: ANSI colours (the caller decides: TTY, NO_COLOR) */
    int show_dismissed;    /* text, md: list dismissed findings too (JSON/SARIF always do) */
    size_t quote_max;      /* text, md: quotes longer than this (code points) are trimmed
                              with an ellipsis; 0 = 200 */
} amicus_render_options;

/* A renderer writes one output holding any number of documents: call
 * amicus_render_document for each, amicus_render_input_error for each input that could not
 * be read, then amicus_renderer_finish (closing brackets, summary) and free.
 * Nothing of a document is kept after amicus_render_document returns except the rule
 * descriptions SARIF needs, so memory stays bounded by the largest document. */
typedef struct amicus_renderer amicus_renderer;
amicus_status amicus_renderer_new(FILE *out, const amicus_render_options *opts,
                                  amicus_renderer **rd, amicus_error *err);
/* review may be NULL; when given, accepted/dismissed decisions are shown with their reason. */
amicus_status amicus_render_document(amicus_renderer *rd, const amicus_doc *doc,
                                     const amicus_report *r, const amicus_review *review,
                                     amicus_error *err);
amicus_status amicus_render_input_error(amicus_renderer *rd, const char *file,
                                        const char *message, amicus_error *err);
/* AMICUS_ERR_IO when writing failed (disk full, closed pipe). */
amicus_status amicus_renderer_finish(amicus_renderer *rd, amicus_error *err);
void amicus_renderer_free(amicus_renderer *rd);

typedef struct amicus_render_summary {
    size_t documents, findings, errors, warnings, notes, dismissed, evidence, input_errors;
    amicus_severity max_severity;  /* highest severity among shown (not dismissed) risks */
} amicus_render_summary;
void amicus_renderer_summary(const amicus_renderer *rd, amicus_render_summary *out);

/* ------------------------------------------------------ draft comparison (diff) */

/* Two versions of a text: provisions aligned across renumbering, moves, splits and merges,
 * word-level changes inside each aligned pair, and (with rules) the findings delta and the
 * scorecard before and after (docs/DIFF.md). The diff borrows both documents and the rules:
 * free it before them. */
typedef struct amicus_diff amicus_diff;

typedef enum amicus_diff_status {
    AMICUS_DIFF_UNCHANGED = 0, /* same words (whitespace and line breaks ignored), same number */
    AMICUS_DIFF_CHANGED,       /* same provision, words changed */
    AMICUS_DIFF_RENUMBERED,    /* other number, same place in the order */
    AMICUS_DIFF_MOVED,         /* out of its old order (moved chapter, moved article) */
    AMICUS_DIFF_SPLIT,         /* one old provision became several (one pair each) */
    AMICUS_DIFF_MERGED,        /* several old provisions became one (one pair each) */
    AMICUS_DIFF_ADDED,         /* only in the new version */
    AMICUS_DIFF_REMOVED        /* only in the old version */
} amicus_diff_status;
const char *amicus_diff_status_name(amicus_diff_status s); /* "unchanged", "changed", ... */

typedef enum amicus_diff_op {
    AMICUS_DIFF_EQUAL = 0, AMICUS_DIFF_DELETE, AMICUS_DIFF_INSERT
} amicus_diff_op;

/* One run of words: EQUAL spans both texts, DELETE only the old, INSERT only the new.
 * Spans are normalised byte offsets, [start, end), from the first word to the last. */
typedef struct amicus_diff_edit {
    amicus_diff_op op;
    size_t old_start, old_end;  /* in the old text (old_start == old_end for INSERT) */
    size_t new_start, new_end;  /* in the new text (new_start == new_end for DELETE) */
    const char *path;           /* innermost paragraph/item/provision of the change:
                                   "Art. 21(1)(a)" (the new side, the old side for DELETE) */
} amicus_diff_edit;

typedef struct amicus_diff_entry {
    amicus_diff_status status;
    const amicus_node *old_node;  /* NULL for ADDED */
    const amicus_node *new_node;  /* NULL for REMOVED */
    const char *old_path, *new_path; /* "Art. 11" / "s. 24", NULL when absent */
    double similarity;            /* word-shingle similarity of the pair, 0..1 */
    int text_changed;             /* words (heading included) differ */
    int renumbered;               /* numbers differ (also set on moved/split/merged pairs) */
    int moved;                    /* out of order relative to the other pairs */
    size_t nedits;                /* word runs (EQUAL runs included) of the pair */
    const amicus_diff_edit *edits;
    size_t npaths;                /* distinct paths of paragraphs/items where words changed */
    const char *const *paths;
    int truncated;                /* the edit bound was reached: the middle is one replacement */
} amicus_diff_entry;

typedef enum amicus_diff_delta {
    AMICUS_DELTA_NEW = 0,       /* in the new draft, not the old (by fingerprint) */
    AMICUS_DELTA_RESOLVED,      /* in the old draft, not the new */
    AMICUS_DELTA_PERSISTING     /* in both */
} amicus_diff_delta;

typedef struct amicus_diff_demand {
    int demand;                 /* 1..6 */
    amicus_demand_status before, after;
    const char *sentence;       /* "Demand 3: unmet → partly: Art. 21(1) resolved SAFE-…" */
} amicus_diff_demand;

typedef struct amicus_diff_options {
    double threshold;           /* content similarity below which a provision counts as added
                                   or removed (0 = default 0.5; range 0.05..1) */
    double time_limit_ms;       /* word diff budget over all pairs (0 = default 2000); pairs
                                   past it, or past the edit bound, get a coarse replacement */
    const amicus_review *review;/* the old draft's review: dismissed findings that persist stay
                                   dismissed in the new draft (may be NULL) */
} amicus_diff_options;

/* rules may be NULL: structure and words only, no findings or scorecard. opts may be NULL. */
amicus_status amicus_diff_compute(const amicus_doc *old_doc, const amicus_doc *new_doc,
                                  const amicus_rules *rules, const amicus_diff_options *opts,
                                  amicus_diff **out, amicus_error *err);
/* Entries in the new document's order, removed provisions after their old predecessor. */
size_t amicus_diff_entry_count(const amicus_diff *d);
const amicus_diff_entry *amicus_diff_entry_at(const amicus_diff *d, size_t i);
/* How many entries have status s. */
size_t amicus_diff_status_count(const amicus_diff *d, amicus_diff_status s);
const amicus_doc *amicus_diff_old_doc(const amicus_diff *d);
const amicus_doc *amicus_diff_new_doc(const amicus_diff *d);
/* The reports of the two versions (NULL without rules); owned by the diff. */
const amicus_report *amicus_diff_old_report(const amicus_diff *d);
const amicus_report *amicus_diff_new_report(const amicus_diff *d);
/* Findings by delta, sorted by position: NEW and PERSISTING from the new report, RESOLVED
 * from the old report. */
size_t amicus_diff_finding_count(const amicus_diff *d, amicus_diff_delta which);
const amicus_finding *amicus_diff_finding(const amicus_diff *d, amicus_diff_delta which, size_t i);
/* The scorecard before and after (NULL without rules or demand outside 1..6). */
const amicus_diff_demand *amicus_diff_scorecard(const amicus_diff *d, int demand);
/* Milliseconds spent aligning and diffing words (not checking). */
double amicus_diff_ms(const amicus_diff *d);
void amicus_diff_free(amicus_diff *d);

/* Text (findings delta first, then a word diff per provision, coloured when opts->color),
 * JSON (docs/DIFF.md, schema "amicus-diff/1") or Markdown for a statement. opts->format
 * picks; SARIF is AMICUS_ERR_USAGE. AMICUS_ERR_IO when writing failed. */
amicus_status amicus_render_diff(FILE *out, const amicus_diff *d,
                                 const amicus_render_options *opts, amicus_error *err);
/* The diff as one self-contained HTML page (docs/HTML.md): findings new and resolved, the
 * scorecard before and after, changed provisions side by side with deleted and inserted words
 * marked. No script, no network request. AMICUS_ERR_IO when writing failed. */
amicus_status amicus_render_diff_html(FILE *out, const amicus_diff *d,
                                      const amicus_render_options *opts, amicus_error *err);

/* ------------------------------------------------------ corpus runs (matrix) */

/* A corpus: the documents of a run, found in directories (recursively), named one by one or
 * listed on standard input. Files that are not legal texts (JSON, TSV, CSV, YAML, images,
 * archives, review files; by extension, else by sniffing their first bytes) found while
 * walking a directory are skipped and recorded with the reason; hidden files and directories
 * are not walked. Files named explicitly are always taken. */
typedef struct amicus_corpus amicus_corpus;
amicus_status amicus_corpus_new(amicus_corpus **out, amicus_error *err);
/* A file (taken as is) or a directory (walked; its files added in path order). A missing
 * path is AMICUS_ERR_IO. */
amicus_status amicus_corpus_add(amicus_corpus *c, const char *path, amicus_error *err);
/* 1 when a file found in a directory would be taken (a legal-text format), 0 when skipped;
 * *why (may be NULL) gets the reason ("json", "image" ...). */
int amicus_corpus_accepts(const char *path, const char **why);
size_t amicus_corpus_count(const amicus_corpus *c);
const char *amicus_corpus_path(const amicus_corpus *c, size_t i);
size_t amicus_corpus_skipped_count(const amicus_corpus *c);
const char *amicus_corpus_skipped(const amicus_corpus *c, size_t i, const char **why);
/* Total size in bytes of the documents (from stat when added; 0 for unreadable ones). */
unsigned long long amicus_corpus_bytes(const amicus_corpus *c);
/* Drop every document for which done(path, ctx) returns non-zero (a resumed run). */
void amicus_corpus_remove_if(amicus_corpus *c, int (*done)(const char *path, void *ctx), void *ctx);
/* Give every document a file name for a page of its own (the matrix's per-document reports):
 * its base name with each run of bytes other than A-Z a-z 0-9 . _ - replaced by one '_', no
 * leading '.' or '-', at most 80 bytes; where names are equal ignoring case (equal base names
 * in different directories), "-" and 8 hex digits of the SHA-256 of the whole path are
 * appended, and a name still taken gets "-2", "-3" ... The names are unique ignoring case and
 * never hold '/' or start with '.', so DIR/NAME.html stays in DIR. Call again after
 * amicus_corpus_add or amicus_corpus_remove_if. */
amicus_status amicus_corpus_name_pages(amicus_corpus *c, amicus_error *err);
/* Document i's page name, without extension ("us-18usc1030-cfaa.txt"); NULL before
 * amicus_corpus_name_pages. */
const char *amicus_corpus_page_name(const amicus_corpus *c, size_t i);
void amicus_corpus_free(amicus_corpus *c);

/* One document's line of the matrix. Strings are valid during the callback only. */
typedef struct amicus_matrix_row {
    const char *file;
    amicus_status status;       /* AMICUS_OK, or why the document could not be checked */
    const char *error;          /* one line (amicus_error_format), NULL when status is OK */
    const char *title;          /* NULL when none */
    const char *jurisdiction;   /* from the file name ("us", "coe", "eu"), NULL when unknown */
    const char *lang;           /* the document's language ("en", "und") */
    const char *format;         /* amicus_format_name */
    unsigned long long bytes;   /* source size */
    size_t provisions, nodes, health, warnings;
    size_t findings;            /* risk findings (dismissed ones are not counted: none are,
                                   the matrix applies no review file) */
    size_t by_severity[4];      /* risk findings by amicus_severity (index 0 unused) */
    size_t by_concern[AMICUS_CONCERN_COUNT][4]; /* risk findings by concern and severity */
    size_t evidence;            /* evidence findings */
    amicus_severity max_severity;
    amicus_demand_status demands[6]; /* demands 1..6 at [0..5] */
    double ms;                  /* wall time of open + check */
    size_t index;               /* the document's position in the corpus (amicus_corpus_path) */
} amicus_matrix_row;

typedef struct amicus_matrix_options {
    unsigned threads;           /* worker threads; 0 = the number of online processors */
    amicus_open_options open;   /* how documents are opened (size limit, --lang) */
    /* Called once per document, in completion order, never concurrently (under a lock). */
    void (*on_row)(const amicus_matrix_row *row, void *ctx);
    void *ctx;
    /* When non-NULL and *stop becomes non-zero, no further document is started; those in
     * flight finish and are reported. */
    const volatile int *stop;
    /* When non-NULL, called for every document that was opened and checked, in its worker
     * thread, concurrently with the other workers (not under the lock), before its on_row:
     * index is its position in the corpus, doc and rep are freed after the call (e.g. write
     * the document's own report with an amicus_renderer: `amicus matrix --format html`). */
    void (*on_doc)(size_t index, const amicus_doc *doc, const amicus_report *rep, void *ctx);
    /* amicus_check_options.max_findings for every document (0 = AMICUS_DEFAULT_MAX_FINDINGS):
     * a document with more is a failed row (AMICUS_ERR_TOO_LARGE), as `amicus check` refuses it */
    size_t max_findings;
} amicus_matrix_options;

/* Check every document of the corpus with rules (compiled, shared by all workers), one
 * document per worker at a time, so memory is bounded by the documents in flight. A document
 * that cannot be read or checked gives a row with its error and does not stop the run.
 * AMICUS_OK unless the run itself could not be set up (threads, memory). */
amicus_status amicus_matrix_run(const amicus_corpus *c, const amicus_rules *rules,
                                const amicus_matrix_options *opts, amicus_error *err);

/* The matrix as one self-contained HTML page: a heatmap of documents x demands, each cell
 * linking to the document's own report at that demand (docs/MATRIX.md). Rows are added as
 * documents finish (each rendered at once into a short string) and written sorted by file. */
typedef struct amicus_matrix_html amicus_matrix_html;
typedef struct amicus_matrix_html_options {
    const char *title;          /* page heading; NULL = "amicus: corpus matrix" */
    const char *note;           /* a line shown under the heading, NULL = none */
    size_t rules, patterns;     /* rules and patterns run, shown in the footer (0: not shown) */
} amicus_matrix_html_options;   /* its strings are borrowed until amicus_matrix_html_free */
amicus_status amicus_matrix_html_new(const amicus_matrix_html_options *opts,
                                     amicus_matrix_html **out, amicus_error *err);
/* report: relative URL (already percent-encoded) of the document's HTML report, NULL when it
 * has none; the document cell links to it, demand N's cell to report#d1-dmN. */
amicus_status amicus_matrix_html_add(amicus_matrix_html *m, const amicus_matrix_row *row,
                                     const char *report, amicus_error *err);
amicus_status amicus_matrix_html_skipped(amicus_matrix_html *m, const char *file, const char *why,
                                         amicus_error *err);
/* The whole page; interrupted: say that the run stopped early. AMICUS_ERR_IO when writing failed. */
amicus_status amicus_matrix_html_write(const amicus_matrix_html *m, FILE *out, int interrupted,
                                       amicus_error *err);
void amicus_matrix_html_free(amicus_matrix_html *m);

#ifdef __cplusplus
}
#endif
#endif

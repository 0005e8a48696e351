/* diff.h — internals of draft comparison: word tokens, provision alignment, word diff, findings delta. */
#ifndef AMICUS_DIFF_H
#define AMICUS_DIFF_H
#include "core/core.h"

/* A word or punctuation token of the normalised text. */
typedef struct amicus__tok {
    uint32_t start, end;   /* bytes in the text */
    uint32_t h;            /* hash of the bytes as written */
    uint32_t fold;         /* hash case-folded (ASCII); 0 for punctuation and bare numbers */
} amicus__tok;
typedef AMICUS_VEC(amicus__tok) amicus__tokvec;

/* Append the tokens of text[start, end) except those inside [skip_start, skip_end). */
bool amicus__tokenize(const char *text, size_t start, size_t end, size_t skip_start,
                      size_t skip_end, amicus__tokvec *out);

/* One run of a word diff, in token indices: a[a0, a1) of the old, b[b0, b1) of the new. */
typedef struct amicus__run {
    amicus_diff_op op;
    size_t a0, a1, b0, b1;
} amicus__run;
typedef AMICUS_VEC(amicus__run) amicus__runvec;

/* Word diff of a[0, na) and b[0, nb) by token hash: Myers O(ND) with the edit distance bounded
 * by max_d (past it, or past deadline_ms on the monotonic clock, the middle left after trimming
 * the common prefix and suffix is one replacement and *truncated is set), then a semantic
 * clean-up (short equalities between larger edits fold into them). false on OOM. */
bool amicus__word_diff(const amicus__tok *a, size_t na, const amicus__tok *b, size_t nb,
                       size_t max_d, double deadline_ms, amicus__runvec *out, int *truncated);
double amicus__now_ms(void);
/* Slide each one-sided edit between two equalities to its most natural place (a line or
 * bracket start, a punctuation end), as diff-match-patch's lossless clean-up does. */
void amicus__word_shift(amicus__runvec *v, const amicus__tok *a, size_t na, const amicus__tok *b,
                        size_t nb, const char *atext, const char *btext);

struct amicus_diff {
    const amicus_doc *old_doc, *new_doc;
    amicus_report *old_rep, *new_rep;      /* owned, NULL without rules */
    AMICUS_VEC(amicus_diff_entry) entries;
    AMICUS_VEC(amicus_diff_edit) edits;    /* all entries' edits; entries point into it */
    AMICUS_VEC(const char *) paths;        /* all entries' paths */
    size_t status_count[AMICUS_DIFF_REMOVED + 1];
    AMICUS_VEC(const amicus_finding *) delta[3];
    amicus_diff_demand demands[6];
    double threshold, ms;
    amicus__arena arena;
};

/* align.c: fill entries, edits and paths. */
amicus_status amicus__diff_align(amicus_diff *d, const amicus_diff_options *opts,
                                 amicus_error *err);
/* delta.c: run the rules on both documents, fill delta and demands. */
amicus_status amicus__diff_findings(amicus_diff *d, const amicus_rules *rules,
                                    const amicus_diff_options *opts, amicus_error *err);
#endif

/* apply.c — marks findings of a report dismissed according to a review file. */
#include "report/report.h"

size_t amicus_review_apply(const amicus_review *rv, amicus_report *r) {
    if (!rv || !r) return 0;
    size_t dismissed = 0, n = amicus_report_finding_count(r);
    for (size_t i = 0; i < n; i++) {
        /* the report owns its findings and is not const here: clearing the const the
         * accessor adds is how the review marks them */
        amicus_finding *f = (amicus_finding *)amicus_report_finding(r, i);
        const amicus_review_entry *e = amicus_review_find(rv, f->fingerprint);
        f->dismissed = e && e->decision == AMICUS_REVIEW_DISMISSED;
        dismissed += (size_t)f->dismissed;
    }
    return dismissed;
}

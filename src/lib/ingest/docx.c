/* docx.c — ingest: Word DOCX to one line per paragraph (libzip + libxml2), numbering, tracked changes, zip limits. */
#include "ingest/ingest.h"

amicus_status amicus__docx(amicus_doc *doc, int tracked_original, char **out, size_t *out_len,
                           amicus_error *err) {
    (void)tracked_original; (void)out; (void)out_len;
    return amicus__error(err, AMICUS_ERR_FORMAT, doc->name, 0, 0, -1, "DOCX is not supported yet");
}

/* ingest.c — STUB to be replaced: identity decode of UTF-8 text. */
#include "core/core.h"
amicus_status amicus__ingest(amicus_doc *doc, const amicus_open_options *opts, amicus_error *err) {
    (void)opts; (void)err;
    doc->format = AMICUS_FORMAT_TEXT;
    doc->text = amicus__strndup(doc->src, doc->src_len);
    doc->text_len = doc->src_len;
    amicus__mapseg s = {0, 0, 0};
    AMICUS_VEC_PUSH(doc->map, s);
    size_t z = 0;
    AMICUS_VEC_PUSH(doc->line_starts, z);
    for (size_t i = 0; i < doc->src_len; i++)
        if (doc->src[i] == '\n') { size_t q = i + 1; AMICUS_VEC_PUSH(doc->line_starts, q); }
    return AMICUS_OK;
}

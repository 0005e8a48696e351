/* structure.c — STUB to be replaced: a document node only. */
#include "core/core.h"
amicus_status amicus__structure(amicus_doc *doc, amicus_error *err) {
    (void)err;
    amicus_node n = {0};
    n.type = AMICUS_NODE_DOCUMENT; n.kind = "document"; n.lang = "und";
    n.start = 0; n.end = doc->text_len; n.line = 1;
    n.parent = n.first_child = n.last_child = n.next_sibling = -1; n.provision = -1;
    AMICUS_VEC_PUSH(doc->nodes, n);
    return AMICUS_OK;
}

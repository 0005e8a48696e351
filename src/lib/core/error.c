/* error.c — status names, error filling and formatting. */
#include "core.h"
#include <stdio.h>

const char *amicus_status_name(amicus_status st) {
    switch (st) {
    case AMICUS_OK: return "ok";
    case AMICUS_ERR_IO: return "io";
    case AMICUS_ERR_NOMEM: return "out of memory";
    case AMICUS_ERR_INPUT: return "bad input";
    case AMICUS_ERR_TOO_LARGE: return "too large";
    case AMICUS_ERR_FORMAT: return "format";
    case AMICUS_ERR_RULES: return "rules";
    case AMICUS_ERR_USAGE: return "usage";
    case AMICUS_ERR_INTERNAL: return "internal";
    }
    return "unknown";
}

amicus_status amicus__error(amicus_error *err, amicus_status st, const char *file,
                            unsigned long line, unsigned long col, long long offset,
                            const char *fmt, ...) {
    if (!err) return st;
    err->status = st;
    err->line = line;
    err->column = col;
    err->offset = offset;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    size_t lim = st == AMICUS_ERR_NOMEM ? amicus__memory_limit_hit() : 0;
    if (lim && n >= 0 && (size_t)n < sizeof err->message)
        snprintf(err->message + n, sizeof err->message - (size_t)n,
                 " (over the memory limit of %zu MiB: raise it with --max-memory)", lim >> 20);
    return st;
}

const char *amicus_error_format(const amicus_error *err, char *buf, size_t size) {
    if (!err || !size) return buf;
    if (err->file[0] && err->line)
        snprintf(buf, size, "%s:%lu:%lu: %s", err->file, err->line, err->column ? err->column : 1,
                 err->message);
    else if (err->file[0] && err->offset >= 0)
        snprintf(buf, size, "%s: byte %lld: %s", err->file, err->offset, err->message);
    else if (err->file[0])
        snprintf(buf, size, "%s: %s", err->file, err->message);
    else
        snprintf(buf, size, "%s", err->message);
    return buf;
}

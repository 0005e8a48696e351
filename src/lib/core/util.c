/* util.c — arena, string builder and hashing used across libamicus. */
#include "core.h"
#include <stdio.h>

struct amicus__arena_block {
    amicus__arena_block *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
};

void *amicus__arena_alloc(amicus__arena *a, size_t n) {
    n = (n + 15) & ~(size_t)15;
    amicus__arena_block *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > 32768 ? n : 32768;
        amicus__arena_block *nb = amicus__malloc(sizeof *nb + cap);
        if (!nb) return NULL;
        nb->used = 0;
        nb->cap = cap;
        if (b && n > 32768) { /* big: keep the current block as head */
            nb->next = b->next;
            b->next = nb;
            nb->used = n;
            return nb->data;
        }
        nb->next = b;
        a->head = b = nb;
    }
    void *p = b->data + b->used;
    b->used += n;
    return p;
}

char *amicus__arena_strndup(amicus__arena *a, const char *s, size_t n) {
    char *d = amicus__arena_alloc(a, n + 1);
    if (!d) return NULL;
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

char *amicus__arena_strdup(amicus__arena *a, const char *s) {
    return amicus__arena_strndup(a, s, strlen(s));
}

char *amicus__arena_printf(amicus__arena *a, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char tmp[256];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return NULL;
    char *d = amicus__arena_alloc(a, (size_t)n + 1);
    if (!d) return NULL;
    if ((size_t)n < sizeof tmp) {
        memcpy(d, tmp, (size_t)n + 1);
    } else {
        va_start(ap, fmt);
        vsnprintf(d, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    return d;
}

void amicus__arena_free(amicus__arena *a) {
    amicus__arena_block *b = a->head;
    while (b) {
        amicus__arena_block *n = b->next;
        amicus__free(b);
        b = n;
    }
    a->head = NULL;
}

bool amicus__buf_put(amicus__buf *b, const char *s, size_t n) {
    if (b->oom) return false;
    if (b->n + n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap : 256;
        while (nc < b->n + n + 1) nc *= 2;
        char *p = amicus__realloc(b->s, nc);
        if (!p) { b->oom = true; return false; }
        b->s = p;
        b->cap = nc;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = 0;
    return true;
}

bool amicus__buf_puts(amicus__buf *b, const char *s) { return amicus__buf_put(b, s, strlen(s)); }
bool amicus__buf_putc(amicus__buf *b, char c) { return amicus__buf_put(b, &c, 1); }

bool amicus__buf_printf(amicus__buf *b, const char *fmt, ...) {
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return false;
    if ((size_t)n < sizeof tmp) return amicus__buf_put(b, tmp, (size_t)n);
    char *big = amicus__malloc((size_t)n + 1);
    if (!big) { b->oom = true; return false; }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    bool ok = amicus__buf_put(b, big, (size_t)n);
    amicus__free(big);
    return ok;
}

void amicus__buf_free(amicus__buf *b) {
    amicus__free(b->s);
    b->s = NULL;
    b->n = b->cap = 0;
    b->oom = false;
}

uint64_t amicus__hash64(const void *data, size_t n, uint64_t seed) {
    const unsigned char *p = data;
    uint64_t h = 1469598103934665603ULL ^ seed;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* alloc.c — the single allocation interface of libamicus, with failure injection for tests. */
#include "core.h"
#include <stdlib.h>
#include <stdatomic.h>

static void *libc_malloc(size_t n, void *ctx) { (void)ctx; return malloc(n); }
static void *libc_realloc(void *p, size_t n, void *ctx) { (void)ctx; return realloc(p, n); }
static void libc_free(void *p, void *ctx) { (void)ctx; free(p); }

static amicus_allocator g_alloc = {libc_malloc, libc_realloc, libc_free, NULL};
static atomic_ulong g_fail_after; /* 0 = off; otherwise counts down, fails when it hits 1 */

void amicus_set_allocator(const amicus_allocator *a) {
    if (a) g_alloc = *a;
    else g_alloc = (amicus_allocator){libc_malloc, libc_realloc, libc_free, NULL};
}

void amicus_alloc_fail_after(unsigned long n) { atomic_store(&g_fail_after, n); }

static bool should_fail(void) {
    unsigned long v = atomic_load(&g_fail_after);
    if (v == 0) return false;
    if (v == 1) { atomic_store(&g_fail_after, 0); return true; }
    atomic_store(&g_fail_after, v - 1);
    return false;
}

void *amicus__malloc(size_t n) {
    if (should_fail()) return NULL;
    return g_alloc.malloc(n ? n : 1, g_alloc.ctx);
}

void *amicus__calloc(size_t n, size_t size) {
    if (size && n > SIZE_MAX / size) return NULL;
    size_t total = n * size;
    void *p = amicus__malloc(total);
    if (p) memset(p, 0, total ? total : 1);
    return p;
}

void *amicus__realloc(void *p, size_t n) {
    if (should_fail()) return NULL;
    return g_alloc.realloc(p, n ? n : 1, g_alloc.ctx);
}

void amicus__free(void *p) {
    if (p) g_alloc.free(p, g_alloc.ctx);
}

char *amicus__strndup(const char *s, size_t n) {
    char *d = amicus__malloc(n + 1);
    if (!d) return NULL;
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

char *amicus__strdup(const char *s) { return amicus__strndup(s, strlen(s)); }

bool amicus__vec_grow(void **v, size_t *cap, size_t elem) {
    size_t nc = *cap ? *cap * 2 : 16;
    if (nc > SIZE_MAX / elem) return false;
    void *p = amicus__realloc(*v, nc * elem);
    if (!p) return false;
    *v = p;
    *cap = nc;
    return true;
}

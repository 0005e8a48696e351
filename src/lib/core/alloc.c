/* alloc.c — the single allocation interface of libamicus (and of libxml2, Vectorscan and PCRE2 under it), with failure injection for tests and the memory limit. */
#include "core.h"
#include <malloc.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <pthread.h>
#include <hs/hs.h>
#include <libxml/parser.h>
#include <libxml/xmlmemory.h>

static void *libc_malloc(size_t n, void *ctx) { (void)ctx; return malloc(n); }
static void *libc_realloc(void *p, size_t n, void *ctx) { (void)ctx; return realloc(p, n); }
static void libc_free(void *p, void *ctx) { (void)ctx; free(p); }

static amicus_allocator g_alloc = {libc_malloc, libc_realloc, libc_free, NULL};
static atomic_ulong g_fail_after; /* 0 = off; otherwise counts down, fails when it hits 1 */
static _Thread_local unsigned long g_failures; /* allocations this thread was refused */
static _Thread_local int g_no_injection;       /* > 0 while the libraries initialise */

/* The memory limit: bytes held through the default (libc) hooks, measured with
 * malloc_usable_size, so nothing is added to the blocks; a custom allocator is not counted. */
static bool g_counting = true;
static atomic_size_t g_limit, g_in_use, g_peak;
static atomic_bool g_limit_hit;

void amicus_set_allocator(const amicus_allocator *a) {
    if (a) g_alloc = *a;
    else g_alloc = (amicus_allocator){libc_malloc, libc_realloc, libc_free, NULL};
    g_counting = !a;
}

void amicus_set_memory_limit(size_t bytes) {
    atomic_store(&g_limit, bytes);
    atomic_store(&g_limit_hit, false);
}
size_t amicus_memory_in_use(void) { return g_counting ? atomic_load(&g_in_use) : 0; }
size_t amicus_memory_peak(void) { return g_counting ? atomic_load(&g_peak) : 0; }

size_t amicus__memory_limit_hit(void) { return atomic_load(&g_limit_hit) ? atomic_load(&g_limit) : 0; }

/* May `more` bytes be taken now? (with `less` given back by the same call) */
static bool within_limit(size_t more, size_t less) {
    size_t lim = atomic_load(&g_limit);
    if (!lim || !g_counting) return true;
    size_t use = atomic_load(&g_in_use);
    use = use > less ? use - less : 0;
    if (more > lim || use > lim - more) {
        atomic_store(&g_limit_hit, true);
        return false;
    }
    return true;
}

/* (clamped at 0: blocks allocated before a custom allocator was removed were not counted) */
static void account(size_t add, size_t sub) {
    if (!g_counting) return;
    size_t use = atomic_load(&g_in_use), now;
    do now = use + add > sub ? use + add - sub : 0;
    while (!atomic_compare_exchange_weak(&g_in_use, &use, now));
    size_t peak = atomic_load(&g_peak);
    while (now > peak && !atomic_compare_exchange_weak(&g_peak, &peak, now)) {}
}

void amicus_alloc_fail_after(unsigned long n) { atomic_store(&g_fail_after, n); }

static bool should_fail(void) {
    if (g_no_injection) return false;
    unsigned long v = atomic_load(&g_fail_after);
    if (v == 0) return false;
    if (v == 1) { atomic_store(&g_fail_after, 0); return true; }
    atomic_store(&g_fail_after, v - 1);
    return false;
}

/* inject: whether failure injection may refuse this allocation */
static void *do_malloc(size_t n, bool inject) {
    void *p = (inject && should_fail()) || !within_limit(n, 0) ? NULL : g_alloc.malloc(n ? n : 1, g_alloc.ctx);
    if (!p) g_failures++;
    else if (g_counting) account(malloc_usable_size(p), 0);
    return p;
}
static void *do_realloc(void *p, size_t n, bool inject) {
    size_t old = p && g_counting ? malloc_usable_size(p) : 0;
    void *q = (inject && should_fail()) || !within_limit(n, old) ? NULL : g_alloc.realloc(p, n ? n : 1, g_alloc.ctx);
    if (!q) g_failures++;
    else if (g_counting) account(malloc_usable_size(q), old);
    return q;
}

void *amicus__malloc(size_t n) { return do_malloc(n, true); }

void *amicus__calloc(size_t n, size_t size) {
    if (size && n > SIZE_MAX / size) { g_failures++; return NULL; }
    size_t total = n * size;
    void *p = amicus__malloc(total);
    if (p) memset(p, 0, total ? total : 1);
    return p;
}

void *amicus__realloc(void *p, size_t n) { return do_realloc(p, n, true); }

void amicus__free(void *p) {
    if (!p) return;
    if (g_counting) account(0, malloc_usable_size(p));
    g_alloc.free(p, g_alloc.ctx);
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

unsigned long amicus__alloc_failures(void) { return g_failures; }

/* ---- the libraries' allocators ----
 * libxml2 (xmlMemSetup) and Vectorscan (hs_set_allocator) take process-wide hooks: they are
 * installed once, before the first libxml2 or Vectorscan call of libamicus, and route every
 * allocation of those libraries through the hooks above (so amicus_set_allocator and failure
 * injection cover them). PCRE2 takes its allocator per general context (rules/load.c). */
/* libxml2 2.9.14 (Debian 12) does not survive every failed allocation: a failed xmlDictLookup
 * inside xmlParseDocument is dereferenced (SIGSEGV; tests/unit/test_torture.c found it). Its
 * allocations still go through the hooks, but failure injection refuses them only from
 * AMICUS_LIBXML2_SURVIVES_OOM on (a release whose allocation-failure handling was reworked
 * upstream; not verifiable on this platform) or when a test asks for it. */
#define AMICUS_LIBXML2_SURVIVES_OOM 21200
static atomic_int g_inject_xml = -1; /* -1 = from the libxml2 version at run time */
static bool xml_inject(void) { return atomic_load(&g_inject_xml) > 0; }
int amicus__alloc_inject_libxml2(int on) {
    if (on >= 0) atomic_store(&g_inject_xml, on ? 1 : 0);
    return atomic_load(&g_inject_xml) > 0;
}
static void *xml_malloc(size_t n) { return do_malloc(n, xml_inject()); }
static void *xml_realloc(void *p, size_t n) { return do_realloc(p, n, xml_inject()); }
static void xml_free(void *p) { amicus__free(p); }
static char *xml_strdup(const char *s) {
    size_t n = strlen(s);
    char *d = do_malloc(n + 1, xml_inject());
    if (d) memcpy(d, s, n + 1);
    return d;
}
static void *hs_malloc(size_t n) { return amicus__malloc(n); }
static void hs_free(void *p) { amicus__free(p); }

static pthread_once_t libs_once = PTHREAD_ONCE_INIT;
static void libs_init(void) {
    /* libxml2's own set-up (encoding handlers, globals) stays allocated for the life of the
     * process and is made once: it is not a place to inject failures */
    g_no_injection++;
    if (atomic_load(&g_inject_xml) < 0)
        atomic_store(&g_inject_xml, atoi(xmlParserVersion) >= AMICUS_LIBXML2_SURVIVES_OOM);
    xmlMemSetup(xml_free, xml_malloc, xml_realloc, xml_strdup);
    xmlInitParser();
    hs_set_allocator(hs_malloc, hs_free);
    g_no_injection--;
}
/* libxml2 reports a failure to allocate a parser (before there is a parser to take its
 * errors) through the thread's global handler, which prints: the library never prints */
static void xml_silent(void *ctx, xmlErrorPtr e) { (void)ctx; (void)e; }
static _Thread_local bool g_xml_quiet;
void amicus__libs_init(void) {
    pthread_once(&libs_once, libs_init);
    if (!g_xml_quiet) {
        xmlSetStructuredErrorFunc(NULL, xml_silent);
        g_xml_quiet = true;
    }
}

/* cache.c — the on-disk cache: bounded reads and atomic writes of cache files, and the memo of patterns already validated. */
#include "rules.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

/* ------------------------------------------------------------ files */

bool amicus__cache_read(const char *path, size_t max, char **out, size_t *outn) {
    *out = NULL;
    *outn = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat st;
    bool ok = false;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && (size_t)st.st_size <= max) {
        size_t n = (size_t)st.st_size, got = 0;
        char *buf = amicus__malloc(n);
        while (buf && got < n) {
            ssize_t k = read(fd, buf + got, n - got);
            if (k <= 0) {
                if (k < 0 && errno == EINTR) continue;
                break;
            }
            got += (size_t)k;
        }
        if (buf && got == n) {
            *out = buf;
            *outn = n;
            ok = true;
        } else {
            amicus__free(buf);
        }
    }
    close(fd);
    return ok;
}

void amicus__cache_write(const char *dir, const char *path, const void *bytes, size_t n) {
    char tmp[1200];
    snprintf(tmp, sizeof tmp, "%s", dir);
    for (char *q = tmp + 1; *q; q++) /* mkdir -p */
        if (*q == '/') {
            *q = 0;
            mkdir(tmp, 0700);
            *q = '/';
        }
    mkdir(tmp, 0700);
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return;
    size_t off = 0;
    while (off < n) {
        ssize_t k = write(fd, (const char *)bytes + off, n - off);
        if (k <= 0) {
            if (k < 0 && errno == EINTR) continue;
            break;
        }
        off += (size_t)k;
    }
    if (close(fd) == 0 && off == n) {
        if (rename(tmp, path) != 0) unlink(tmp);
    } else {
        unlink(tmp);
    }
}

/* ------------------------------------------------------------ the validation memo */

/* File amicus-<versions>.hsinfo in the cache directory: "AMICUSV1", a 64-bit count (host
 * byte order), then count records sorted by key. The name hashes everything validation depends on
 * besides the pattern itself, so another Vectorscan or PCRE2 (or a change to how amicus
 * validates: bump the tag) reads another file. */
#define VC_MAGIC "AMICUSV1"
#define VC_TAG "amicus-validate-2"
#define VC_CAP 65536 /* records kept; past it only those this process used are written */

static uint64_t vc_seed(void) {
    char pv[64] = "";
    pcre2_config(PCRE2_CONFIG_VERSION, pv);
    const char *hv = hs_version();
    uint64_t h = amicus__hash64(VC_TAG, sizeof VC_TAG, 0x616d69637573ULL);
    h = amicus__hash64(hv, strlen(hv) + 1, h);
    h = amicus__hash64(pv, strlen(pv) + 1, h);
    unsigned fl[2] = {AMICUS__HS_FLAGS, AMICUS__HS_FLAGS_BYTES};
    return amicus__hash64(fl, sizeof fl, h);
}

/* Keys: two 64-bit lanes over 8-byte words (FNV-1a byte by byte cost 9% of a warm start on
 * the 0.7 MB of rule files); each part ends with a word holding its tail and length, so
 * "ab"+"c" and "a"+"bc" differ. */
static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
static void key_mix(uint64_t h[2], uint64_t w) {
    h[0] = rotl(h[0] ^ (w * 0x9e3779b97f4a7c15ULL), 31) * 0xbf58476d1ce4e5b9ULL;
    h[1] = rotl(h[1] ^ (w * 0xc2b2ae3d27d4eb4fULL), 29) * 0x94d049bb133111ebULL;
}
static void key_add(uint64_t h[2], const void *data, size_t n) {
    const unsigned char *p = data;
    uint64_t w;
    for (; n >= 8; p += 8, n -= 8) {
        memcpy(&w, p, 8);
        key_mix(h, w);
    }
    w = 0;
    memcpy(&w, p, n);
    key_mix(h, w ^ ((uint64_t)(n + 1) << 56));
}
static void key_end(uint64_t h[2], uint64_t key[2]) {
    for (int i = 0; i < 2; i++) {
        uint64_t x = h[i];
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdULL;
        x ^= x >> 33;
        x *= 0xc4ceb9fe1a85ec53ULL;
        key[i] = x ^ (x >> 33);
    }
}

void amicus__vcache_key(const char *text, size_t len, const char *hs_text, bool bytes, uint64_t key[2]) {
    uint64_t h[2] = {0x243f6a8885a308d3ULL, 0x13198a2e03707344ULL};
    key_add(h, "pattern", 7);
    key_add(h, &bytes, sizeof bytes);
    key_add(h, text, len);
    key_add(h, hs_text, strlen(hs_text));
    key_end(h, key);
}

/* a rule file whose YAML passed the event check (load.c parse_file): its bytes and libyaml's
 * version ("file" first: never a pattern's key) */
void amicus__vcache_file_key(const char *bytes, size_t n, uint64_t key[2]) {
    uint64_t h[2] = {0x243f6a8885a308d3ULL, 0x13198a2e03707344ULL};
    const char *yv = yaml_get_version_string();
    key_add(h, "file", 4);
    key_add(h, yv, strlen(yv));
    key_add(h, bytes, n);
    key_end(h, key);
}

static int cmp_vrec(const void *a, const void *b) {
    const rvrec *x = a, *y = b;
    if (x->key[0] != y->key[0]) return x->key[0] < y->key[0] ? -1 : 1;
    if (x->key[1] != y->key[1]) return x->key[1] < y->key[1] ? -1 : 1;
    return 0;
}

static void vc_path(const amicus_rules *r, char *out, size_t size) {
    snprintf(out, size, "%s/amicus-%016llx.hsinfo", r->cache_dir, (unsigned long long)vc_seed());
}

/* the records of the file, sorted and unique; NULL when it is missing, damaged or unreadable */
static rvrec *vc_read(const amicus_rules *r, size_t *n) {
    char path[1100];
    *n = 0;
    vc_path(r, path, sizeof path);
    char *buf = NULL;
    size_t len = 0;
    if (!amicus__cache_read(path, 16 + (size_t)VC_CAP * 2 * sizeof(rvrec), &buf, &len)) return NULL;
    uint64_t count = 0;
    rvrec *v = NULL;
    if (len >= 16 && !memcmp(buf, VC_MAGIC, 8)) {
        memcpy(&count, buf + 8, 8);
        if (count && count <= (uint64_t)VC_CAP * 2 && len == 16 + count * sizeof(rvrec))
            v = amicus__malloc((size_t)count * sizeof *v);
    }
    if (v) {
        memcpy(v, buf + 16, (size_t)count * sizeof *v);
        for (size_t i = 1; i < count; i++)
            if (cmp_vrec(&v[i - 1], &v[i]) >= 0) { /* not sorted: not ours */
                amicus__free(v);
                v = NULL;
                break;
            }
    }
    amicus__free(buf);
    if (v) *n = (size_t)count;
    return v;
}

bool amicus__vcache_get(amicus_rules *r, const uint64_t key[2], unsigned *max_width) {
    if (!r->cache_dir || strlen(r->cache_dir) >= 1000) return false;
    if (!r->vc.loaded) {
        r->vc.loaded = true;
        r->vc.old = vc_read(r, &r->vc.nold);
        r->vc.seen = r->vc.nold ? amicus__calloc(r->vc.nold, 1) : NULL;
        if (!r->vc.seen) { /* without it the file could not be pruned: use none of it */
            amicus__free(r->vc.old);
            r->vc.old = NULL;
            r->vc.nold = 0;
        }
    }
    rvrec k = {{key[0], key[1]}, 0, 0};
    const rvrec *hit = r->vc.nold ? bsearch(&k, r->vc.old, r->vc.nold, sizeof k, cmp_vrec) : NULL;
    if (!hit) return false;
    r->vc.seen[hit - r->vc.old] = 1;
    *max_width = hit->max_width;
    return true;
}

void amicus__vcache_put(amicus_rules *r, const uint64_t key[2], unsigned max_width) {
    if (!r->cache_dir || strlen(r->cache_dir) >= 1000) return;
    rvrec k = {{key[0], key[1]}, max_width, 0};
    (void)AMICUS_VEC_PUSH(r->vc.add, k); /* out of memory: it is validated again next time */
}

/* Write the memo when this process validated new patterns: the file as it is now (another
 * process may have added to it), the records read before and the new ones, merged; past
 * VC_CAP records only those this process used (looked up or added) are kept. */
typedef struct vpair { rvrec v; uint8_t mine; } vpair; /* rvrec first: cmp_vrec sorts these */

void amicus__vcache_store(amicus_rules *r) {
    if (!r->vc.add.n || !r->cache_dir || strlen(r->cache_dir) >= 1000) return;
    size_t ndisk = 0;
    rvrec *disk = vc_read(r, &ndisk);
    size_t total = r->vc.add.n + r->vc.nold + ndisk, u = 0, used = 0;
    vpair *p = amicus__malloc(total * sizeof *p);
    char *out = amicus__malloc(16 + total * sizeof(rvrec));
    if (p && out) {
        for (size_t i = 0; i < r->vc.add.n; i++) p[u++] = (vpair){r->vc.add.v[i], 1};
        for (size_t i = 0; i < r->vc.nold; i++) p[u++] = (vpair){r->vc.old[i], r->vc.seen[i]};
        for (size_t i = 0; i < ndisk; i++) p[u++] = (vpair){disk[i], 0};
        qsort(p, total, sizeof *p, cmp_vrec);
        u = 0;
        for (size_t i = 0; i < total; i++) {
            if (u && !cmp_vrec(&p[u - 1].v, &p[i].v)) {
                p[u - 1].mine |= p[i].mine;
                continue;
            }
            p[u++] = p[i];
        }
        for (size_t i = 0; i < u; i++) used += p[i].mine;
        bool prune = u > VC_CAP;
        uint64_t count = prune ? used : u;
        memcpy(out, VC_MAGIC, 8);
        memcpy(out + 8, &count, 8);
        size_t w = 0;
        for (size_t i = 0; i < u; i++)
            if (!prune || p[i].mine) memcpy(out + 16 + w++ * sizeof(rvrec), &p[i].v, sizeof(rvrec));
        char path[1100];
        vc_path(r, path, sizeof path);
        if (w) amicus__cache_write(r->cache_dir, path, out, 16 + w * sizeof(rvrec));
    }
    amicus__free(p);
    amicus__free(out);
    amicus__free(disk);
    AMICUS_VEC_FREE(r->vc.add);
}

void amicus__vcache_free(amicus_rules *r) {
    amicus__free(r->vc.old);
    amicus__free(r->vc.seen);
    AMICUS_VEC_FREE(r->vc.add);
    memset(&r->vc, 0, sizeof r->vc);
}

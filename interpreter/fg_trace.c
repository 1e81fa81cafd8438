/* fg_trace — packed set of settled trace codes (see fg_trace.h). */
#include "fg_trace.h"
#include "fg_mem.h"
#include <stdlib.h>
#include <string.h>

/* 2000-01-01 00:00:00 CST */
#define FG_TRACE_EPOCH 946656000LL

void fg_trace_init(fg_trace *tr)
{
    tr->slots = NULL;
    tr->cap = tr->count = tr->sweep = 0;
    fg_kv_init(&tr->other);
}

void fg_trace_free(fg_trace *tr)
{
    free(tr->slots);
    fg_kv_free(&tr->other);
}

/* 20 ASCII digits -> (first digit, last 19 digits). */
static int fg_trace_pack(const char *c, size_t n, unsigned *hi, uint64_t *lo)
{
    if (n != 20) return 0;
    uint64_t v = 0;
    for (size_t i = 1; i < 20; i++) {
        if (c[i] < '0' || c[i] > '9') return 0;
        v = v * 10 + (uint64_t)(c[i] - '0');
    }
    if (c[0] < '0' || c[0] > '9') return 0;
    *hi = (unsigned)(c[0] - '0');
    *lo = v;
    return 1;
}

static inline size_t fg_trace_home(uint64_t lo, unsigned hi, size_t mask)
{
    uint64_t x = lo ^ ((uint64_t)hi << 60);
    x ^= x >> 31;
    x *= 0x7fb5d329728ea185ULL;
    x ^= x >> 27;
    return (size_t)x & mask;
}

static fg_tslot *fg_trace_find(const fg_trace *tr, uint64_t lo, unsigned hi)
{
    if (!tr->count) return NULL;
    size_t mask = tr->cap - 1;
    for (size_t i = fg_trace_home(lo, hi, mask);; i = (i + 1) & mask) {
        fg_tslot *s = &tr->slots[i];
        if (!s->t) return NULL;
        if (s->lo == lo && (s->inst_hi & 15) == hi) return s;
    }
}

static uint32_t fg_trace_rel(int64_t t)
{
    int64_t r = t - FG_TRACE_EPOCH;
    if (r < 0) r = 0;
    if (r > 0xFFFFFFFELL) r = 0xFFFFFFFELL;
    return (uint32_t)r + 1;
}

int fg_trace_get(fg_trace *tr, const char *code, size_t n, int64_t *t, uint32_t *inst)
{
    unsigned hi;
    uint64_t lo;
    if (!fg_trace_pack(code, n, &hi, &lo)) {
        fg_kvent *e = fg_kv_get(&tr->other, code, n, INT64_MIN);
        if (!e) return 0;
        *t = e->a;
        *inst = (uint32_t)e->b;
        return 1;
    }
    fg_tslot *s = fg_trace_find(tr, lo, hi);
    if (!s) return 0;
    *t = (int64_t)s->t - 1 + FG_TRACE_EPOCH;
    *inst = s->inst_hi >> 4;
    return 1;
}

static void fg_trace_grow(fg_trace *tr)
{
    size_t cap = tr->cap ? tr->cap * 2 : 1024;
    fg_tslot *slots = fg_xcalloc(cap, sizeof *slots);
    for (size_t i = 0; i < tr->cap; i++) {
        fg_tslot *s = &tr->slots[i];
        if (!s->t) continue;
        size_t j = fg_trace_home(s->lo, s->inst_hi & 15, cap - 1);
        while (slots[j].t) j = (j + 1) & (cap - 1);
        slots[j] = *s;
    }
    free(tr->slots);
    tr->slots = slots;
    tr->cap = cap;
    tr->sweep = 0;
}

void fg_trace_put(fg_trace *tr, const char *code, size_t n, int64_t t, uint32_t inst)
{
    unsigned hi;
    uint64_t lo;
    if (!fg_trace_pack(code, n, &hi, &lo)) {
        int created;
        fg_kvent *e = fg_kv_upsert(&tr->other, code, n, INT64_MIN, &created);
        e->a = t;
        e->b = inst;
        e->expire = INT64_MAX;
        return;
    }
    fg_tslot *s = fg_trace_find(tr, lo, hi);
    if (!s) {
        if ((tr->count + 1) * 4 > tr->cap * 3) fg_trace_grow(tr);
        size_t mask = tr->cap - 1;
        size_t i = fg_trace_home(lo, hi, mask);
        while (tr->slots[i].t) i = (i + 1) & mask;
        s = &tr->slots[i];
        tr->count++;
    }
    s->lo = lo;
    s->t = fg_trace_rel(t);
    s->inst_hi = (inst << 4) | hi;
}

static void fg_trace_del_at(fg_trace *tr, size_t i)
{
    size_t mask = tr->cap - 1, hole = i;
    for (size_t j = (i + 1) & mask; tr->slots[j].t; j = (j + 1) & mask) {
        size_t home = fg_trace_home(tr->slots[j].lo, tr->slots[j].inst_hi & 15, mask);
        int keep = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
        if (keep) continue;
        tr->slots[hole] = tr->slots[j];
        hole = j;
    }
    memset(&tr->slots[hole], 0, sizeof tr->slots[hole]);
    tr->count--;
}

int fg_trace_del(fg_trace *tr, const char *code, size_t n)
{
    unsigned hi;
    uint64_t lo;
    if (!fg_trace_pack(code, n, &hi, &lo)) return fg_kv_del(&tr->other, code, n);
    fg_tslot *s = fg_trace_find(tr, lo, hi);
    if (!s) return 0;
    fg_trace_del_at(tr, (size_t)(s - tr->slots));
    return 1;
}

void fg_trace_sweep(fg_trace *tr, int64_t horizon, int steps)
{
    /* other codes: a holds the instant; reuse the kv sweep by expiry */
    if (tr->cap) {
        uint32_t h = fg_trace_rel(horizon);
        for (int k = 0; k < steps; k++) {
            if (tr->sweep >= tr->cap) tr->sweep = 0;
            fg_tslot *s = &tr->slots[tr->sweep];
            if (s->t && s->t < h) {
                fg_trace_del_at(tr, tr->sweep);
                continue;
            }
            tr->sweep++;
        }
    }
    if (tr->other.map.cap) {
        for (int k = 0; k < steps; k++) {
            if (tr->other.sweep >= tr->other.map.cap) tr->other.sweep = 0;
            fg_mslot *s = &tr->other.map.slots[tr->other.sweep];
            fg_kvent *e = (fg_kvent *)s->node;
            if (e && e->a < horizon) {
                fg_kv_del(&tr->other, e->mk.key, e->mk.klen);
                continue;
            }
            tr->other.sweep++;
        }
    }
}

size_t fg_trace_count(const fg_trace *tr)
{
    return tr->count + fg_kv_count(&tr->other);
}

size_t fg_trace_bytes(const fg_trace *tr)
{
    return tr->cap * sizeof(fg_tslot);
}

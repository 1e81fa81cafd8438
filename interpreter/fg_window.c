/* fg_window — keyed event series with retention (see fg_window.h). */
#include "fg_window.h"
#include "fg_mem.h"
#include <stdlib.h>
#include <string.h>

void fg_window_init(fg_window *w, int64_t retention)
{
    fg_map_init(&w->map);
    w->sweep = 0;
    w->retention = retention;
}

static void fg_wseries_free(fg_wseries *ws)
{
    for (uint32_t i = 0; i < ws->len; i++) free(fg_wseries_at(ws, i)->s);
    free(ws->e);
    free(ws);
}

void fg_window_free(fg_window *w)
{
    size_t pos = 0;
    fg_wseries *ws;
    while ((ws = fg_map_next(&w->map, &pos))) fg_wseries_free(ws);
    fg_map_free(&w->map);
}

fg_wseries *fg_window_series(fg_window *w, const char *k, size_t n)
{
    return fg_map_get(&w->map, k, n, fg_map_hash(k, n));
}

/* Drops entries from the front that are older than the retention. */
static void fg_wseries_trim(fg_window *w, fg_wseries *ws, int64_t watermark)
{
    int64_t horizon = watermark - w->retention;
    while (ws->len) {
        fg_went *e = fg_wseries_at(ws, 0);
        if (e->t >= horizon) break;
        free(e->s);
        ws->head = (ws->head + 1) % ws->cap;
        ws->len--;
    }
}

void fg_window_push(fg_window *w, const char *k, size_t n, int64_t t, int64_t v,
                    const char *s, size_t slen, int64_t watermark)
{
    uint64_t h = fg_map_hash(k, n);
    fg_wseries *ws = fg_map_get(&w->map, k, n, h);
    if (!ws) {
        ws = fg_xcalloc(1, sizeof *ws + n + 1);
        memcpy(ws->kbuf, k, n);
        ws->mk.key = ws->kbuf;
        ws->mk.klen = (uint32_t)n;
        fg_map_put(&w->map, &ws->mk, h);
    } else {
        fg_wseries_trim(w, ws, watermark);
    }
    if (ws->len == ws->cap) {
        uint32_t cap = ws->cap ? ws->cap * 2 : 4;
        fg_went *e = fg_xmalloc(cap * sizeof *e);
        for (uint32_t i = 0; i < ws->len; i++) e[i] = *fg_wseries_at(ws, i);
        free(ws->e);
        ws->e = e;
        ws->cap = cap;
        ws->head = 0;
    }
    fg_went *e = &ws->e[(ws->head + ws->len) % ws->cap];
    e->t = t;
    e->n = v;
    e->s = s ? fg_xstrndup(s, slen) : NULL;
    e->slen = s ? (uint32_t)slen : 0;
    ws->len++;
}

/* Small open-addressing set of strings used by the distinct count. */
static int fg_wseen_add(const fg_went **slots, size_t mask, const fg_went *e, uint64_t h)
{
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        if (!slots[i]) {
            slots[i] = e;
            return 1;
        }
        if (slots[i]->slen == e->slen && memcmp(slots[i]->s, e->s, e->slen) == 0) return 0;
    }
}

fg_wstat fg_window_stat(fg_window *w, const char *k, size_t n, int64_t from, int64_t to,
                        int want_distinct)
{
    fg_wstat st = {0, 0, 0};
    fg_wseries *ws = fg_window_series(w, k, n);
    if (!ws) return st;
    const fg_went *local[64];
    const fg_went **slots = NULL;
    size_t cap = 0;
    if (want_distinct) {
        cap = 16;
        while (cap < (size_t)ws->len * 2) cap *= 2;
        slots = cap <= 64 ? local : fg_xmalloc(cap * sizeof *slots);
        memset(slots, 0, cap * sizeof *slots);
    }
    for (uint32_t i = 0; i < ws->len; i++) {
        const fg_went *e = fg_wseries_at(ws, i);
        if (e->t < from || e->t > to) continue;
        st.count++;
        st.sum += e->n;
        if (want_distinct && e->s)
            st.distinct += fg_wseen_add(slots, cap - 1, e, fg_map_hash(e->s, e->slen));
    }
    if (slots && slots != local) free(slots);
    return st;
}

void fg_window_sweep(fg_window *w, int64_t watermark, int steps)
{
    if (!w->map.cap) return;
    for (int i = 0; i < steps; i++) {
        if (w->sweep >= w->map.cap) w->sweep = 0;
        fg_mslot *s = &w->map.slots[w->sweep];
        fg_wseries *ws = (fg_wseries *)s->node;
        if (ws) {
            fg_wseries_trim(w, ws, watermark);
            if (!ws->len) {
                fg_map_del(&w->map, ws->mk.key, ws->mk.klen, s->hash);
                fg_wseries_free(ws);
                continue;
            }
        }
        w->sweep++;
    }
}

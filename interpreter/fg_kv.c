/* fg_kv — named key/value store with expiry (see fg_kv.h). */
#include "fg_kv.h"
#include "fg_mem.h"
#include <stdlib.h>
#include <string.h>

void fg_kv_init(fg_kv *kv)
{
    fg_map_init(&kv->map);
    kv->sweep = 0;
}

static void fg_kvent_free(fg_kvent *e)
{
    free(e->s);
    free(e);
}

void fg_kv_free(fg_kv *kv)
{
    size_t pos = 0;
    fg_kvent *e;
    while ((e = fg_map_next(&kv->map, &pos))) fg_kvent_free(e);
    fg_map_free(&kv->map);
}

fg_kvent *fg_kv_get(fg_kv *kv, const char *k, size_t n, int64_t now)
{
    fg_kvent *e = fg_map_get(&kv->map, k, n, fg_map_hash(k, n));
    return e && e->expire >= now ? e : NULL;
}

fg_kvent *fg_kv_upsert(fg_kv *kv, const char *k, size_t n, int64_t now, int *created)
{
    uint64_t h = fg_map_hash(k, n);
    fg_kvent *e = fg_map_get(&kv->map, k, n, h);
    if (e && e->expire < now) {
        /* dead entry: reuse the node, reset the value */
        e->a = e->b = 0;
        free(e->s);
        e->s = NULL;
        e->slen = 0;
        *created = 1;
        return e;
    }
    *created = !e;
    if (!e) {
        e = fg_xcalloc(1, sizeof *e + n + 1);
        memcpy(e->kbuf, k, n);
        e->mk.key = e->kbuf;
        e->mk.klen = (uint32_t)n;
        e->expire = INT64_MAX;
        fg_map_put(&kv->map, &e->mk, h);
    }
    return e;
}

void fg_kv_set_str(fg_kvent *e, const char *s, size_t n)
{
    if (e->s && e->slen == n && memcmp(e->s, s, n) == 0) return;
    free(e->s);
    e->s = s ? fg_xstrndup(s, n) : NULL;
    e->slen = s ? (uint32_t)n : 0;
}

int fg_kv_del(fg_kv *kv, const char *k, size_t n)
{
    fg_kvent *e = fg_map_del(&kv->map, k, n, fg_map_hash(k, n));
    if (!e) return 0;
    fg_kvent_free(e);
    return 1;
}

void fg_kv_sweep(fg_kv *kv, int64_t watermark, int steps)
{
    if (!kv->map.cap) return;
    for (int i = 0; i < steps; i++) {
        if (kv->sweep >= kv->map.cap) kv->sweep = 0;
        fg_mslot *s = &kv->map.slots[kv->sweep];
        fg_kvent *e = (fg_kvent *)s->node;
        if (e && e->expire < watermark) {
            fg_map_del(&kv->map, e->mk.key, e->mk.klen, s->hash);
            fg_kvent_free(e);
            continue;
        }
        kv->sweep++;
    }
}

size_t fg_kv_count(const fg_kv *kv)
{
    return kv->map.count;
}

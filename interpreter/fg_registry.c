/* fg_registry — keyed record table with retention (see fg_registry.h). */
#include "fg_registry.h"

void fg_registry_init(fg_registry *g, int64_t retention)
{
    fg_map_init(&g->map);
    g->sweep = 0;
    g->retention = retention;
}

void fg_registry_free(fg_registry *g)
{
    size_t pos = 0;
    fg_record *r;
    while ((r = fg_map_next(&g->map, &pos))) fg_record_free(r);
    fg_map_free(&g->map);
}

fg_record *fg_registry_get(const fg_registry *g, const char *k, size_t n)
{
    return fg_map_get(&g->map, k, n, fg_map_hash(k, n));
}

fg_record *fg_registry_upsert(fg_registry *g, const char *k, size_t n, int *created)
{
    uint64_t h = fg_map_hash(k, n);
    fg_record *r = fg_map_get(&g->map, k, n, h);
    *created = !r;
    if (!r) {
        r = fg_record_new(k, n);
        fg_map_put(&g->map, &r->mk, h);
    }
    return r;
}

void fg_registry_sweep(fg_registry *g, int64_t watermark, int steps,
                       fg_registry_drop_fn drop, void *ud)
{
    if (!g->retention || !g->map.cap) return;
    for (int i = 0; i < steps; i++) {
        if (g->sweep >= g->map.cap) g->sweep = 0;
        fg_mslot *s = &g->map.slots[g->sweep];
        fg_record *r = (fg_record *)s->node;
        if (r && r->t_last + g->retention < watermark) {
            if (drop) drop(r, ud);
            fg_map_del(&g->map, r->mk.key, r->mk.klen, s->hash);
            fg_record_free(r);
            continue;           /* the slot may now hold a shifted record */
        }
        g->sweep++;
    }
}

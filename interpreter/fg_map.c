/* fg_map — open-addressing hash table (see fg_map.h). */
#include "fg_map.h"
#include "fg_hash.h"
#include "fg_mem.h"
#include <stdlib.h>
#include <string.h>

#define FG_MAP_SEED 0x6667756e64677561ULL

uint64_t fg_map_hash(const char *k, size_t n)
{
    return fg_hash64(k, n, FG_MAP_SEED);
}

void fg_map_init(fg_map *m)
{
    m->slots = NULL;
    m->cap = 0;
    m->count = 0;
}

void fg_map_free(fg_map *m)
{
    free(m->slots);
    fg_map_init(m);
}

static inline int fg_map_eq(const fg_mkey *node, const char *k, size_t n)
{
    return node->klen == n && memcmp(node->key, k, n) == 0;
}

void *fg_map_get(const fg_map *m, const char *k, size_t n, uint64_t h)
{
    if (!m->count) return NULL;
    size_t mask = m->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const fg_mslot *s = &m->slots[i];
        if (!s->node) return NULL;
        if (s->hash == h && fg_map_eq(s->node, k, n)) return s->node;
    }
}

static void fg_map_insert_slot(fg_mslot *slots, size_t cap, fg_mkey *node, uint64_t h)
{
    size_t mask = cap - 1;
    size_t i = h & mask;
    while (slots[i].node) i = (i + 1) & mask;
    slots[i].hash = h;
    slots[i].node = node;
}

static void fg_map_grow(fg_map *m)
{
    size_t cap = m->cap ? m->cap * 2 : 16;
    fg_mslot *slots = fg_xcalloc(cap, sizeof *slots);
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].node)
            fg_map_insert_slot(slots, cap, m->slots[i].node, m->slots[i].hash);
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
}

void fg_map_put(fg_map *m, fg_mkey *node, uint64_t h)
{
    /* Load factor at most 3/4. */
    if ((m->count + 1) * 4 > m->cap * 3) fg_map_grow(m);
    fg_map_insert_slot(m->slots, m->cap, node, h);
    m->count++;
}

void *fg_map_del(fg_map *m, const char *k, size_t n, uint64_t h)
{
    if (!m->count) return NULL;
    size_t mask = m->cap - 1;
    size_t i = h & mask;
    for (;; i = (i + 1) & mask) {
        fg_mslot *s = &m->slots[i];
        if (!s->node) return NULL;
        if (s->hash == h && fg_map_eq(s->node, k, n)) break;
    }
    void *found = m->slots[i].node;
    /* Backward shift: pull later members of the probe run into the hole
     * when their home slot does not lie cyclically in (hole, j]. */
    size_t hole = i;
    for (size_t j = (i + 1) & mask; m->slots[j].node; j = (j + 1) & mask) {
        size_t home = m->slots[j].hash & mask;
        int keep = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
        if (keep) continue;
        m->slots[hole] = m->slots[j];
        hole = j;
    }
    m->slots[hole].node = NULL;
    m->slots[hole].hash = 0;
    m->count--;
    return found;
}

void *fg_map_next(const fg_map *m, size_t *pos)
{
    for (size_t i = *pos; i < m->cap; i++) {
        if (m->slots[i].node) {
            *pos = i + 1;
            return m->slots[i].node;
        }
    }
    *pos = m->cap;
    return NULL;
}

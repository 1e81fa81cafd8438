/* fg_map — open-addressing hash table from byte-string keys to nodes.
 *
 * The table does not own keys or nodes: each node starts with an fg_mkey
 * that points at its key bytes (usually stored inline in the node).  Slots
 * keep the 64-bit hash beside the node pointer so that a probe touches the
 * node only on a hash match.  Linear probing with backward-shift deletion:
 * no tombstones, so tables that churn (expiring state) stay fast. */
#ifndef FG_MAP_H
#define FG_MAP_H
#include <stddef.h>
#include <stdint.h>

typedef struct fg_mkey {
    const char *key;
    uint32_t klen;
} fg_mkey;

typedef struct fg_mslot {
    uint64_t hash;
    fg_mkey *node;          /* NULL: empty */
} fg_mslot;

typedef struct fg_map {
    fg_mslot *slots;
    size_t cap;             /* power of two */
    size_t count;
} fg_map;

uint64_t fg_map_hash(const char *k, size_t n);
void fg_map_init(fg_map *m);
void fg_map_free(fg_map *m);           /* frees the slots, not the nodes */
void *fg_map_get(const fg_map *m, const char *k, size_t n, uint64_t h);
/* Inserts a node whose key is not present yet. */
void fg_map_put(fg_map *m, fg_mkey *node, uint64_t h);
/* Removes and returns the node with this key, or NULL. */
void *fg_map_del(fg_map *m, const char *k, size_t n, uint64_t h);
/* Visits slot *pos onward; returns the next node and advances *pos past it,
 * or NULL at the end.  Not stable across inserts or deletes. */
void *fg_map_next(const fg_map *m, size_t *pos);

#endif

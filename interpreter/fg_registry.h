/* fg_registry — a keyed table of fg_records with optional retention.
 *
 * Persons and institutions are kept for the life of the engine (reference
 * data); encounters are dropped once their last activity is older than the
 * retention, so memory follows the window the rules look back over. */
#ifndef FG_REGISTRY_H
#define FG_REGISTRY_H
#include "fg_map.h"
#include "fg_record.h"

typedef struct fg_registry {
    fg_map map;
    size_t sweep;           /* rotating sweep position */
    int64_t retention;      /* seconds after t_last; 0 = keep forever */
} fg_registry;

typedef void (*fg_registry_drop_fn)(fg_record *r, void *ud);

void fg_registry_init(fg_registry *g, int64_t retention);
void fg_registry_free(fg_registry *g);
fg_record *fg_registry_get(const fg_registry *g, const char *k, size_t n);
fg_record *fg_registry_upsert(fg_registry *g, const char *k, size_t n, int *created);
/* Examines up to steps slots and frees records with t_last + retention <
 * watermark, calling drop first. */
void fg_registry_sweep(fg_registry *g, int64_t watermark, int steps,
                       fg_registry_drop_fn drop, void *ud);

#endif

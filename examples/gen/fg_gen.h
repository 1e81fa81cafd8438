/* fg_gen — the synthetic event stream generator (examples/gen/).
 *
 * Shared declarations of the generator's parts: the world (institutions,
 * persons, catalog), the time-ordered output queue, and the deterministic
 * random source.  Everything is derived from --seed, so the same options
 * always give the same stream, byte for byte. */
#ifndef FG_GEN_H
#define FG_GEN_H
#include "fg_buf.h"
#include "fg_catalog.h"
#include <stdint.h>
#include <stdio.h>

/* splitmix64: small, fast, and the same on every platform */
typedef struct fg_rng {
    uint64_t s;
} fg_rng;

static inline uint64_t fg_rng_next(fg_rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
/* uniform in [lo, hi] */
static inline int64_t fg_rng_range(fg_rng *r, int64_t lo, int64_t hi)
{
    return lo + (int64_t)(fg_rng_next(r) % (uint64_t)(hi - lo + 1));
}
/* true with probability p */
static inline int fg_rng_chance(fg_rng *r, double p)
{
    return (double)(fg_rng_next(r) >> 11) * (1.0 / 9007199254740992.0) < p;
}

/* ---- the output queue: events are produced ahead of time (a stay spans
 * days) and written in time order ---- */
typedef struct fg_gen_ev {
    int64_t t;
    uint64_t seq;           /* tie-break: order of production */
    char *line;
} fg_gen_ev;

typedef struct fg_gen_queue {
    fg_gen_ev *v;
    size_t n, cap;
    uint64_t seq;
} fg_gen_queue;

void fg_gen_queue_push(fg_gen_queue *q, int64_t t, fg_buf *line);
/* Writes every queued event with time <= upto (all when upto is INT64_MAX);
 * returns how many. */
size_t fg_gen_queue_flush(fg_gen_queue *q, int64_t upto, FILE *out);
void fg_gen_queue_free(fg_gen_queue *q);

#endif

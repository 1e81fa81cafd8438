/* fg_window — a named store of keyed event series with retention.
 *
 * Each key holds its entries (instant, integer, string) in arrival order:
 * "admissions of this person", "sales at this pharmacy".  Queries count,
 * sum or count distinct strings over a closed time range [from, to].
 * Entries older than the store's retention (measured back from the engine's
 * watermark) are dropped when their key is touched and by an incremental
 * sweep, so memory follows the longest window the rules ask about. */
#ifndef FG_WINDOW_H
#define FG_WINDOW_H
#include "fg_map.h"
#include <stdint.h>

typedef struct fg_went {
    int64_t t;
    int64_t n;
    char *s;                /* owned or NULL */
    uint32_t slen;
} fg_went;

typedef struct fg_wseries {
    fg_mkey mk;
    uint32_t head, len, cap;    /* ring buffer of entries */
    fg_went *e;
    char kbuf[];
} fg_wseries;

typedef struct fg_window {
    fg_map map;
    size_t sweep;
    int64_t retention;      /* seconds */
} fg_window;

void fg_window_init(fg_window *w, int64_t retention);
void fg_window_free(fg_window *w);
fg_wseries *fg_window_series(fg_window *w, const char *k, size_t n);
void fg_window_push(fg_window *w, const char *k, size_t n, int64_t t, int64_t v,
                    const char *s, size_t slen, int64_t watermark);
/* i-th entry of a series, oldest first. */
static inline fg_went *fg_wseries_at(fg_wseries *ws, uint32_t i)
{
    return &ws->e[(ws->head + i) % ws->cap];
}
typedef struct fg_wstat {
    int64_t count, sum, distinct;
} fg_wstat;
/* Statistics of the entries with from <= t <= to.  distinct counts distinct
 * strings (entries without a string are not counted there). */
fg_wstat fg_window_stat(fg_window *w, const char *k, size_t n, int64_t from, int64_t to,
                        int want_distinct);
void fg_window_sweep(fg_window *w, int64_t watermark, int steps);

#endif

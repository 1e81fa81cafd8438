/* fg_trace — the set of settled drug trace codes (追溯码).
 *
 * The largest state the engine keeps: every box sold or billed in the last
 * three years.  A code of 20 decimal digits (the national format) is packed
 * into 16 bytes: the last 19 digits as a uint64, and in a second word the
 * first digit, the instant of first settlement (seconds since 2000-01-01,
 * good until 2136) and the interned institution.  Other codes fall back to a
 * string-keyed table.  Entries live in an open-addressing table at load
 * factor <= 3/4, so a 20-digit code costs 16-32 bytes (docs/performance.md).
 * Entries expire a fixed time after their first settlement. */
#ifndef FG_TRACE_H
#define FG_TRACE_H
#include "fg_kv.h"
#include <stdint.h>

typedef struct fg_tslot {
    uint64_t lo;            /* last 19 digits */
    uint32_t t;             /* first settlement, seconds since FG_TRACE_EPOCH, +1; 0 = empty */
    uint32_t inst_hi;       /* institution id << 4 | first digit */
} fg_tslot;

typedef struct fg_trace {
    fg_tslot *slots;
    size_t cap, count;
    size_t sweep;
    fg_kv other;            /* codes not of 20 digits: a = instant, b = institution id */
} fg_trace;

void fg_trace_init(fg_trace *tr);
void fg_trace_free(fg_trace *tr);
/* First settlement of a code: 1 and *t, *inst if known, else 0. */
int fg_trace_get(fg_trace *tr, const char *code, size_t n, int64_t *t, uint32_t *inst);
/* Records a first settlement (replacing any entry). */
void fg_trace_put(fg_trace *tr, const char *code, size_t n, int64_t t, uint32_t inst);
int fg_trace_del(fg_trace *tr, const char *code, size_t n);
/* Frees entries first settled before horizon. */
void fg_trace_sweep(fg_trace *tr, int64_t horizon, int steps);
size_t fg_trace_count(const fg_trace *tr);
size_t fg_trace_bytes(const fg_trace *tr);

#endif

/* fg_json — a strict, allocation-light JSON parser for one input line.
 *
 * Values are decoded into an fg_arena: strings without escapes point into
 * the caller's line buffer (which must outlive the values), containers are
 * contiguous arrays.  Numbers keep their source text so that money can be
 * read exactly (fg_json_fen) instead of through a binary double.
 *
 * Why not a library: see docs/performance.md.  In short, of the Debian
 * packages json-c and jansson cost 4-9 us per fee event on this hardware
 * (the whole per-event budget is 2 us), both read numbers through double,
 * and simdjson is C++.  This parser decodes a fee event in well under 1 us. */
#ifndef FG_JSON_H
#define FG_JSON_H
#include "fg_arena.h"
#include <stddef.h>
#include <stdint.h>

typedef enum {
    FG_JNULL, FG_JFALSE, FG_JTRUE, FG_JNUM, FG_JSTR, FG_JARR, FG_JOBJ
} fg_jtype;

typedef struct fg_jmem fg_jmem;
typedef struct fg_json {
    uint32_t type;          /* fg_jtype */
    uint32_t n;             /* bytes of a string or number, items of a container */
    union {
        const char *s;      /* FG_JSTR, FG_JNUM (source text) */
        struct fg_json *a;  /* FG_JARR */
        fg_jmem *o;         /* FG_JOBJ */
    } u;
} fg_json;

struct fg_jmem {
    const char *k;
    uint32_t klen;
    fg_json v;
};

typedef struct fg_jerr {
    size_t off;             /* byte offset in the line */
    char msg[112];
} fg_jerr;

typedef struct fg_jparser {
    fg_arena *arena;
    fg_json *vs; size_t vlen, vcap;     /* scratch stack of array items */
    fg_jmem *ms; size_t mlen, mcap;     /* scratch stack of object members */
    int max_depth;
} fg_jparser;

void fg_jparser_init(fg_jparser *p, fg_arena *arena);
void fg_jparser_free(fg_jparser *p);
/* 0 on success; -1 with *err filled. The whole of s must be one value
 * (surrounding whitespace allowed). */
int fg_json_parse(fg_jparser *p, const char *s, size_t n, fg_json *out, fg_jerr *err);

/* Last member named k of an object, or NULL. */
const fg_json *fg_json_get(const fg_json *obj, const char *k, size_t klen);
const char *fg_json_type_name(uint32_t type);

/* Number readers: 0 on success, -1 if the number does not fit the request. */
int fg_json_i64(const fg_json *v, int64_t *out);        /* integral value */
double fg_json_f64(const fg_json *v);
/* Exact yuan -> fen: at most 2 significant decimals, |fen| < 2^53. */
int fg_json_fen(const fg_json *v, int64_t *out);



struct fg_buf;
/* Appends v as compact JSON text (numbers keep their source text). */
void fg_json_write(const fg_json *v, struct fg_buf *out);
/* Deep copy of v into one heap block (free() it); strings NUL-terminated. */
fg_json *fg_json_clone(const fg_json *v);
#endif

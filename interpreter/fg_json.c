/* fg_json — strict JSON parser for one input line (see fg_json.h). */
#include "fg_json.h"
#include "fg_buf.h"
#include "fg_mem.h"
#include "fg_utf8.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct fg_jctx {
    fg_jparser *p;
    const char *s, *end, *cur;
    fg_jerr *err;
    int depth;
} fg_jctx;

void fg_jparser_init(fg_jparser *p, fg_arena *arena)
{
    memset(p, 0, sizeof *p);
    p->arena = arena;
    p->max_depth = 64;
}

void fg_jparser_free(fg_jparser *p)
{
    free(p->vs);
    free(p->ms);
    p->vs = NULL;
    p->ms = NULL;
}

static int fg_jfail(fg_jctx *c, const char *at, const char *msg)
{
    c->err->off = (size_t)(at - c->s);
    snprintf(c->err->msg, sizeof c->err->msg, "%s", msg);
    return -1;
}

static inline void fg_jskip_ws(fg_jctx *c)
{
    while (c->cur < c->end &&
           (*c->cur == ' ' || *c->cur == '\t' || *c->cur == '\n' || *c->cur == '\r'))
        c->cur++;
}

static int fg_jhex4(const char *p, uint32_t *out)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        char ch = p[i];
        v <<= 4;
        if (ch >= '0' && ch <= '9') v |= (uint32_t)(ch - '0');
        else if (ch >= 'a' && ch <= 'f') v |= (uint32_t)(ch - 'a' + 10);
        else if (ch >= 'A' && ch <= 'F') v |= (uint32_t)(ch - 'A' + 10);
        else return -1;
    }
    *out = v;
    return 0;
}

/* c->cur is just past the opening quote. */
static int fg_jstring(fg_jctx *c, const char **out, uint32_t *outlen)
{
    const char *start = c->cur, *p = c->cur, *end = c->end;
    /* Fast path: no escapes.  Eight bytes at a time while they are plain
     * printable ASCII other than '"' and '\\' (the usual case for keys,
     * codes and numbers written as strings). */
    while (end - p >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
        uint64_t quote = w ^ (ones * '"'), bslash = w ^ (ones * '\\');
        uint64_t special = (((quote - ones) & ~quote) | ((bslash - ones) & ~bslash) |
                            (w - ones * 0x20) | w) & highs;
        if (special) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            /* the lowest flagged byte is a true one (a borrow only flags
             * bytes after a true one): go straight to it */
            p += __builtin_ctzll(special) >> 3;
#endif
            break;
        }
        p += 8;
    }
    while (p < end) {
        unsigned char ch = (unsigned char)*p;
        if (ch == '"') {
            *out = start;
            *outlen = (uint32_t)(p - start);
            c->cur = p + 1;
            return 0;
        }
        if (ch == '\\') break;
        if (ch < 0x20) return fg_jfail(c, p, "control character in string (escape it)");
        if (ch < 0x80) {
            p++;
            continue;
        }
        size_t k = fg_utf8_seq((const unsigned char *)p, (size_t)(end - p));
        if (!k) return fg_jfail(c, p, "invalid UTF-8 in string");
        p += k;
    }
    if (p >= end) return fg_jfail(c, start - 1, "unterminated string");
    /* Slow path: copy with escapes decoded.  Output never exceeds input. */
    char *buf = fg_arena_alloc(c->p->arena, (size_t)(end - start) + 1);
    size_t o = (size_t)(p - start);
    memcpy(buf, start, o);
    while (p < end) {
        unsigned char ch = (unsigned char)*p;
        if (ch == '"') {
            buf[o] = '\0';
            *out = buf;
            *outlen = (uint32_t)o;
            c->cur = p + 1;
            return 0;
        }
        if (ch < 0x20) return fg_jfail(c, p, "control character in string (escape it)");
        if (ch >= 0x80) {
            size_t k = fg_utf8_seq((const unsigned char *)p, (size_t)(end - p));
            if (!k) return fg_jfail(c, p, "invalid UTF-8 in string");
            memcpy(buf + o, p, k);
            o += k;
            p += k;
            continue;
        }
        if (ch != '\\') {
            buf[o++] = (char)ch;
            p++;
            continue;
        }
        if (p + 1 >= end) return fg_jfail(c, p, "unterminated escape");
        char e = p[1];
        p += 2;
        switch (e) {
        case '"': buf[o++] = '"'; break;
        case '\\': buf[o++] = '\\'; break;
        case '/': buf[o++] = '/'; break;
        case 'b': buf[o++] = '\b'; break;
        case 'f': buf[o++] = '\f'; break;
        case 'n': buf[o++] = '\n'; break;
        case 'r': buf[o++] = '\r'; break;
        case 't': buf[o++] = '\t'; break;
        case 'u': {
            uint32_t cp, lo;
            if (end - p < 4 || fg_jhex4(p, &cp)) return fg_jfail(c, p - 2, "bad \\u escape");
            p += 4;
            if (cp >= 0xDC00 && cp <= 0xDFFF)
                return fg_jfail(c, p - 6, "lone low surrogate in \\u escape");
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || fg_jhex4(p + 2, &lo) ||
                    lo < 0xDC00 || lo > 0xDFFF)
                    return fg_jfail(c, p - 6, "high surrogate not followed by a low surrogate");
                p += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            o += fg_utf8_put(cp, buf + o);
            break;
        }
        default:
            return fg_jfail(c, p - 2, "unknown escape in string");
        }
    }
    return fg_jfail(c, start - 1, "unterminated string");
}

static int fg_jnumber(fg_jctx *c, fg_json *v)
{
    const char *p = c->cur, *start = p, *end = c->end;
    if (p < end && *p == '-') p++;
    if (p >= end) return fg_jfail(c, start, "bad number");
    if (*p == '0') {
        p++;
    } else if (*p >= '1' && *p <= '9') {
        while (p < end && *p >= '0' && *p <= '9') p++;
    } else {
        return fg_jfail(c, start, "bad number");
    }
    if (p < end && *p == '.') {
        p++;
        if (p >= end || *p < '0' || *p > '9') return fg_jfail(c, start, "bad number: digit expected after '.'");
        while (p < end && *p >= '0' && *p <= '9') p++;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < end && (*p == '+' || *p == '-')) p++;
        if (p >= end || *p < '0' || *p > '9') return fg_jfail(c, start, "bad number: digit expected in exponent");
        while (p < end && *p >= '0' && *p <= '9') p++;
    }
    if ((size_t)(p - start) > 64) return fg_jfail(c, start, "number too long");
    v->type = FG_JNUM;
    v->u.s = start;
    v->n = (uint32_t)(p - start);
    c->cur = p;
    return 0;
}

static int fg_jvalue(fg_jctx *c, fg_json *v);

static int fg_jarray(fg_jctx *c, fg_json *v)
{
    fg_jparser *P = c->p;
    size_t base = P->vlen;
    c->cur++;                               /* '[' */
    fg_jskip_ws(c);
    if (c->cur < c->end && *c->cur == ']') {
        c->cur++;
    } else {
        for (;;) {
            fg_json item;
            if (fg_jvalue(c, &item)) return -1;
            if (P->vlen == P->vcap) {
                P->vcap = P->vcap ? P->vcap * 2 : 32;
                P->vs = fg_xrealloc(P->vs, P->vcap * sizeof *P->vs);
            }
            P->vs[P->vlen++] = item;
            fg_jskip_ws(c);
            if (c->cur >= c->end) return fg_jfail(c, c->cur, "unterminated array");
            if (*c->cur == ',') {
                c->cur++;
                continue;
            }
            if (*c->cur == ']') {
                c->cur++;
                break;
            }
            return fg_jfail(c, c->cur, "expected ',' or ']' in array");
        }
    }
    size_t n = P->vlen - base;
    v->type = FG_JARR;
    v->n = (uint32_t)n;
    v->u.a = NULL;
    if (n) {
        v->u.a = fg_arena_alloc(P->arena, n * sizeof(fg_json));
        memcpy(v->u.a, P->vs + base, n * sizeof(fg_json));
    }
    P->vlen = base;
    return 0;
}

static int fg_jobject(fg_jctx *c, fg_json *v)
{
    fg_jparser *P = c->p;
    size_t base = P->mlen;
    c->cur++;                               /* '{' */
    fg_jskip_ws(c);
    if (c->cur < c->end && *c->cur == '}') {
        c->cur++;
    } else {
        for (;;) {
            fg_jmem m;
            fg_jskip_ws(c);
            if (c->cur >= c->end || *c->cur != '"')
                return fg_jfail(c, c->cur, "expected a quoted field name");
            c->cur++;
            if (fg_jstring(c, &m.k, &m.klen)) return -1;
            fg_jskip_ws(c);
            if (c->cur >= c->end || *c->cur != ':')
                return fg_jfail(c, c->cur, "expected ':' after field name");
            c->cur++;
            if (fg_jvalue(c, &m.v)) return -1;
            if (P->mlen == P->mcap) {
                P->mcap = P->mcap ? P->mcap * 2 : 32;
                P->ms = fg_xrealloc(P->ms, P->mcap * sizeof *P->ms);
            }
            P->ms[P->mlen++] = m;
            fg_jskip_ws(c);
            if (c->cur >= c->end) return fg_jfail(c, c->cur, "unterminated object");
            if (*c->cur == ',') {
                c->cur++;
                continue;
            }
            if (*c->cur == '}') {
                c->cur++;
                break;
            }
            return fg_jfail(c, c->cur, "expected ',' or '}' in object");
        }
    }
    size_t n = P->mlen - base;
    v->type = FG_JOBJ;
    v->n = (uint32_t)n;
    v->u.o = NULL;
    if (n) {
        v->u.o = fg_arena_alloc(P->arena, n * sizeof(fg_jmem));
        memcpy(v->u.o, P->ms + base, n * sizeof(fg_jmem));
    }
    P->mlen = base;
    return 0;
}

static int fg_jliteral(fg_jctx *c, const char *word, size_t n, uint32_t type, fg_json *v)
{
    if ((size_t)(c->end - c->cur) < n || memcmp(c->cur, word, n) != 0)
        return fg_jfail(c, c->cur, "unexpected character (not a JSON value)");
    c->cur += n;
    v->type = type;
    v->n = 0;
    v->u.s = NULL;
    return 0;
}

static int fg_jvalue(fg_jctx *c, fg_json *v)
{
    fg_jskip_ws(c);
    if (c->cur >= c->end) return fg_jfail(c, c->cur, "unexpected end of line (value expected)");
    int rc;
    switch (*c->cur) {
    case '{':
    case '[':
        if (++c->depth > c->p->max_depth) return fg_jfail(c, c->cur, "nesting too deep");
        rc = *c->cur == '{' ? fg_jobject(c, v) : fg_jarray(c, v);
        c->depth--;
        return rc;
    case '"':
        c->cur++;
        v->type = FG_JSTR;
        return fg_jstring(c, &v->u.s, &v->n);
    case 't': return fg_jliteral(c, "true", 4, FG_JTRUE, v);
    case 'f': return fg_jliteral(c, "false", 5, FG_JFALSE, v);
    case 'n': return fg_jliteral(c, "null", 4, FG_JNULL, v);
    default:
        if (*c->cur == '-' || (*c->cur >= '0' && *c->cur <= '9')) return fg_jnumber(c, v);
        return fg_jfail(c, c->cur, "unexpected character (not a JSON value)");
    }
}

int fg_json_parse(fg_jparser *p, const char *s, size_t n, fg_json *out, fg_jerr *err)
{
    fg_jctx c = {p, s, s + n, s, err, 0};
    p->vlen = p->mlen = 0;
    if (fg_jvalue(&c, out)) return -1;
    fg_jskip_ws(&c);
    if (c.cur != c.end) return fg_jfail(&c, c.cur, "trailing characters after the JSON value");
    return 0;
}

const fg_json *fg_json_get(const fg_json *obj, const char *k, size_t klen)
{
    if (!obj || obj->type != FG_JOBJ) return NULL;
    for (uint32_t i = obj->n; i-- > 0;) {
        const fg_jmem *m = &obj->u.o[i];
        if (m->klen == klen && memcmp(m->k, k, klen) == 0) return &m->v;
    }
    return NULL;
}

const char *fg_json_type_name(uint32_t type)
{
    switch (type) {
    case FG_JNULL: return "null";
    case FG_JFALSE:
    case FG_JTRUE: return "boolean";
    case FG_JNUM: return "number";
    case FG_JSTR: return "string";
    case FG_JARR: return "array";
    default: return "object";
    }
}

/* Splits a JSON number into sign, decimal digits (leading zeros dropped) and
 * a power-of-ten exponent: value = sign * digits * 10^exp. */
typedef struct fg_jdec {
    int neg;
    char digits[80];
    int nd;
    long exp;
} fg_jdec;

static void fg_jdec_split(const fg_json *v, fg_jdec *d)
{
    const char *p = v->u.s, *end = v->u.s + v->n;
    d->neg = 0;
    d->nd = 0;
    d->exp = 0;
    if (p < end && *p == '-') {
        d->neg = 1;
        p++;
    }
    int frac = 0;
    for (; p < end && *p != 'e' && *p != 'E'; p++) {
        if (*p == '.') {
            frac = 1;
            continue;
        }
        if (d->nd || *p != '0') {
            if (d->nd < (int)sizeof d->digits) d->digits[d->nd++] = *p;
        }
        if (frac) d->exp--;
    }
    if (p < end) {
        p++;
        int eneg = 0;
        if (*p == '+' || *p == '-') eneg = *p++ == '-';
        long e = 0;
        for (; p < end; p++) {
            if (e < 100000) e = e * 10 + (*p - '0');
        }
        d->exp += eneg ? -e : e;
    }
    /* Trailing zeros of the digit string move into the exponent. */
    while (d->nd > 0 && d->digits[d->nd - 1] == '0') {
        d->nd--;
        d->exp++;
    }
}

/* value * 10^scale as an exact integer with |result| < 2^53. */
static int fg_jdec_scaled(const fg_json *v, int scale, int64_t *out)
{
    if (v->type != FG_JNUM) return -1;
    fg_jdec d;
    fg_jdec_split(v, &d);
    if (d.nd == 0) {
        *out = 0;
        return 0;
    }
    long e = d.exp + scale;
    if (e < 0 || e > 18 || d.nd + e > 16) return -1;
    int64_t x = 0;
    for (int i = 0; i < d.nd; i++) x = x * 10 + (d.digits[i] - '0');
    for (long i = 0; i < e; i++) x *= 10;
    if (x >= ((int64_t)1 << 53)) return -1;
    *out = d.neg ? -x : x;
    return 0;
}

/* A number written as a plain integer of at most 15 digits ("-12", "3"):
 * the common case, read without the general decimal path. */
static int fg_jplain_int(const fg_json *v, int64_t *out)
{
    const char *p = v->u.s, *end = v->u.s + v->n;
    int neg = p < end && *p == '-';
    p += neg;
    if (p == end || end - p > 15) return 0;
    int64_t x = 0;
    for (; p < end; p++) {
        if (*p < '0' || *p > '9') return 0;
        x = x * 10 + (*p - '0');
    }
    *out = neg ? -x : x;
    return 1;
}

int fg_json_i64(const fg_json *v, int64_t *out)
{
    if (v->type == FG_JNUM && fg_jplain_int(v, out)) return 0;
    return fg_jdec_scaled(v, 0, out);
}

int fg_json_fen(const fg_json *v, int64_t *out)
{
    int64_t x;
    if (v->type == FG_JNUM && v->n <= 13 && fg_jplain_int(v, &x)) {
        *out = x * 100;
        return 0;
    }
    return fg_jdec_scaled(v, 2, out);
}

double fg_json_f64(const fg_json *v)
{
    if (v->type != FG_JNUM) return NAN;
    int64_t x;
    if (fg_jplain_int(v, &x)) return (double)x;
    char tmp[72];
    size_t n = v->n < sizeof tmp - 1 ? v->n : sizeof tmp - 1;
    memcpy(tmp, v->u.s, n);
    tmp[n] = '\0';
    return strtod(tmp, NULL);
}

/* Bytes needed below v (not counting v itself) for fg_json_clone. */
static size_t fg_jclone_size(const fg_json *v)
{
    size_t n = 0;
    switch (v->type) {
    case FG_JSTR:
    case FG_JNUM:
        return (v->n + 8) & ~(size_t)7;
    case FG_JARR:
        n = v->n * sizeof(fg_json);
        for (uint32_t i = 0; i < v->n; i++) n += fg_jclone_size(&v->u.a[i]);
        return n;
    case FG_JOBJ:
        n = v->n * sizeof(fg_jmem);
        for (uint32_t i = 0; i < v->n; i++)
            n += ((v->u.o[i].klen + 8) & ~(size_t)7) + fg_jclone_size(&v->u.o[i].v);
        return n;
    default:
        return 0;
    }
}

static char *fg_jclone_into(fg_json *dst, const fg_json *v, char *mem)
{
    *dst = *v;
    switch (v->type) {
    case FG_JSTR:
    case FG_JNUM:
        memcpy(mem, v->u.s, v->n);
        mem[v->n] = '\0';
        dst->u.s = mem;
        return mem + ((v->n + 8) & ~(size_t)7);
    case FG_JARR: {
        fg_json *items = (fg_json *)(void *)mem;
        mem += v->n * sizeof(fg_json);
        for (uint32_t i = 0; i < v->n; i++) mem = fg_jclone_into(&items[i], &v->u.a[i], mem);
        dst->u.a = v->n ? items : NULL;
        return mem;
    }
    case FG_JOBJ: {
        fg_jmem *mems = (fg_jmem *)(void *)mem;
        mem += v->n * sizeof(fg_jmem);
        for (uint32_t i = 0; i < v->n; i++) {
            memcpy(mem, v->u.o[i].k, v->u.o[i].klen);
            mem[v->u.o[i].klen] = '\0';
            mems[i].k = mem;
            mems[i].klen = v->u.o[i].klen;
            mem += (v->u.o[i].klen + 8) & ~(size_t)7;
            mem = fg_jclone_into(&mems[i].v, &v->u.o[i].v, mem);
        }
        dst->u.o = v->n ? mems : NULL;
        return mem;
    }
    default:
        return mem;
    }
}

fg_json *fg_json_clone(const fg_json *v)
{
    fg_json *root = fg_xmalloc(sizeof(fg_json) + fg_jclone_size(v));
    fg_jclone_into(root, v, (char *)(root + 1));
    return root;
}

void fg_json_write(const fg_json *v, fg_buf *out)
{
    switch (v->type) {
    case FG_JNULL: fg_buf_puts(out, "null"); return;
    case FG_JTRUE: fg_buf_puts(out, "true"); return;
    case FG_JFALSE: fg_buf_puts(out, "false"); return;
    case FG_JNUM: fg_buf_put(out, v->u.s, v->n); return;
    case FG_JSTR: fg_buf_json_str(out, v->u.s, v->n); return;
    case FG_JARR:
        fg_buf_putc(out, '[');
        for (uint32_t i = 0; i < v->n; i++) {
            if (i) fg_buf_putc(out, ',');
            fg_json_write(&v->u.a[i], out);
        }
        fg_buf_putc(out, ']');
        return;
    default:
        fg_buf_putc(out, '{');
        for (uint32_t i = 0; i < v->n; i++) {
            if (i) fg_buf_putc(out, ',');
            fg_buf_json_str(out, v->u.o[i].k, v->u.o[i].klen);
            fg_buf_putc(out, ':');
            fg_json_write(&v->u.o[i].v, out);
        }
        fg_buf_putc(out, '}');
        return;
    }
}

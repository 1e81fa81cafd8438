/* fg_event — decoding and validation of events (see fg_event.h). */
#include "fg_event.h"
#include "fg_hash.h"
#include "fg_time.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const fg_evtype_names[FG_EV__COUNT] = {
    "person", "institution", "registration", "admission", "discharge", "fee",
    "settlement", "sale", "purchase", "stock", "review", "unknown",
};

static const struct {
    const char *name;
    fg_fkind kind;
} fg_fields[FG_F__COUNT] = {
#define FG_F_ROW(id, name, kind) {#name, FG_K_##kind},
    FG_FIELDS(FG_F_ROW)
#undef FG_F_ROW
};

/* Required fields per type, -1 terminated. */
static const int fg_required[FG_EV__COUNT][9] = {
    [FG_EV_PERSON] = {FG_F_PSN_NO, -1},
    [FG_EV_INSTITUTION] = {FG_F_FIXMEDINS_CODE, -1},
    [FG_EV_REGISTRATION] = {FG_F_MDTRT_ID, FG_F_PSN_NO, FG_F_FIXMEDINS_CODE, -1},
    [FG_EV_ADMISSION] = {FG_F_MDTRT_ID, FG_F_PSN_NO, FG_F_FIXMEDINS_CODE, -1},
    [FG_EV_DISCHARGE] = {FG_F_MDTRT_ID, FG_F_PSN_NO, FG_F_FIXMEDINS_CODE, -1},
    [FG_EV_FEE] = {FG_F_FEEDETL_SN, FG_F_MDTRT_ID, FG_F_PSN_NO, FG_F_FIXMEDINS_CODE,
                   FG_F_MED_LIST_CODG, FG_F_CNT, FG_F_PRIC, FG_F_DET_ITEM_FEE_SUMAMT, -1},
    [FG_EV_SETTLEMENT] = {FG_F_SETL_ID, FG_F_MDTRT_ID, FG_F_PSN_NO, FG_F_FIXMEDINS_CODE, -1},
    [FG_EV_SALE] = {FG_F_SETL_ID, FG_F_PSN_NO, FG_F_FIXMEDINS_CODE, FG_F_MED_LIST_CODG,
                    FG_F_CNT, FG_F_PRIC, -1},
    [FG_EV_PURCHASE] = {FG_F_FIXMEDINS_CODE, FG_F_MED_LIST_CODG, FG_F_CNT, -1},
    [FG_EV_STOCK] = {FG_F_FIXMEDINS_CODE, FG_F_MED_LIST_CODG, FG_F_CNT, -1},
    [FG_EV_REVIEW] = {-1},
    [FG_EV_UNKNOWN] = {-1},
};

/* Name -> field index: a 256-slot open-addressing table built once. */
/* Required fields per type as a bit set (built with the field table). */
_Static_assert(FG_F__COUNT <= 64, "required fields are kept in a 64-bit set");
static uint64_t fg_required_bits[FG_EV__COUNT];

#define FG_FTAB 256
static signed char fg_ftab[FG_FTAB];
static size_t fg_flen[FG_F__COUNT];

/* Field names differ in length and in their first, middle and last
 * letters: mixing those is enough for a 256-slot table, and far cheaper
 * than a full hash on the ~15 names of every event. */
static unsigned fg_fslot(const char *s, size_t n)
{
    if (!n) return 0;
    unsigned h = (unsigned)n * 31u + (unsigned char)s[0] * 7u + (unsigned char)s[n / 2] * 131u +
                 (unsigned char)s[n - 1] * 17u;
    return (h ^ (h >> 8)) & (FG_FTAB - 1);
}

/* Built when the program is loaded, before main and any thread: lookups
 * then need no synchronisation. */
__attribute__((constructor)) static void fg_ftab_build(void)
{
    for (int t = 0; t < FG_EV__COUNT; t++)
        for (const int *r = fg_required[t]; *r >= 0; r++) fg_required_bits[t] |= (uint64_t)1 << *r;
    memset(fg_ftab, -1, sizeof fg_ftab);
    for (int f = 0; f < FG_F__COUNT; f++) {
        fg_flen[f] = strlen(fg_fields[f].name);
        unsigned i = fg_fslot(fg_fields[f].name, fg_flen[f]);
        while (fg_ftab[i] >= 0) i = (i + 1) & (FG_FTAB - 1);
        fg_ftab[i] = (signed char)f;
    }
}

int fg_field_lookup(const char *s, size_t n)
{
    for (unsigned i = fg_fslot(s, n);; i = (i + 1) & (FG_FTAB - 1)) {
        int f = fg_ftab[i];
        if (f < 0) return -1;
        if (fg_flen[f] == n && memcmp(fg_fields[f].name, s, n) == 0) return f;
    }
}

const char *fg_field_name(int f) { return fg_fields[f].name; }
fg_fkind fg_field_kind(int f) { return fg_fields[f].kind; }
const char *fg_evtype_name(fg_evtype t) { return fg_evtype_names[t]; }

fg_evtype fg_evtype_lookup(const char *s, size_t n)
{
    for (int t = 0; t < FG_EV_UNKNOWN; t++)
        if (strncmp(fg_evtype_names[t], s, n) == 0 && fg_evtype_names[t][n] == '\0')
            return (fg_evtype)t;
    return FG_EV_UNKNOWN;
}

static int fg_is_required(fg_evtype t, int f)
{
    return (fg_required_bits[t] >> f) & 1;
}

static int fg_everr(char *err, size_t errlen, const char *fmt, const char *a, const char *b)
{
    snprintf(err, errlen, fmt, a, b);
    return -1;
}

/* Is v a JSON number written as a plain non-negative integer? */
static int fg_plain_uint(const fg_json *v)
{
    if (v->type != FG_JNUM) return 0;
    for (uint32_t i = 0; i < v->n; i++)
        if (v->u.s[i] < '0' || v->u.s[i] > '9') return 0;
    return 1;
}

static int fg_check_members(fg_json *obj, fg_event *ev, fg_evtype type, char *err, size_t errlen);

/* Validates one known field value; coerces where the contract allows.
 * strict: required field (no coercion). */
static int fg_check_field(int f, fg_json *v, fg_event *ev, int strict, char *err, size_t errlen)
{
    const char *name = fg_fields[f].name;
#define got fg_json_type_name(v->type)
    switch (fg_fields[f].kind) {
    case FG_K_STR:
        if (v->type == FG_JSTR) return 0;
        if (!strict && fg_plain_uint(v)) {
            v->type = FG_JSTR;      /* a code written as a number: keep its digits */
            return 0;
        }
        return fg_everr(err, errlen, "field '%s' must be a string, got %s", name, got);
    case FG_K_DATE: {
        if (v->type != FG_JSTR)
            return fg_everr(err, errlen, "field '%s' must be a date string \"YYYY-MM-DD\", got %s", name, got);
        int64_t day;
        const char *why = fg_date_parse(v->u.s, v->n, &day);
        if (why) return fg_everr(err, errlen, "field '%s': %s", name, why);
        return 0;
    }
    case FG_K_BOOL:
        if (v->type == FG_JTRUE || v->type == FG_JFALSE) return 0;
        return fg_everr(err, errlen, "field '%s' must be true or false, got %s", name, got);
    case FG_K_NUM: {
        if (v->type != FG_JNUM)
            return fg_everr(err, errlen, "field '%s' must be a number, got %s", name, got);
        double d = fg_json_f64(v);
        if (!isfinite(d) || fabs(d) > 1e15)
            return fg_everr(err, errlen, "field '%s' is out of range%s", name, "");
        if (ev) ev->num[f] = d;
        return 0;
    }
    case FG_K_MONEY: {
        if (v->type != FG_JNUM)
            return fg_everr(err, errlen, "field '%s' must be a number (yuan), got %s", name, got);
        int64_t fen;
        if (fg_json_fen(v, &fen))
            return fg_everr(err, errlen,
                            "field '%s' must be yuan with at most 2 decimals (got %s)", name,
                            ev ? "too many decimals or too large" : "a bad amount");
        if (ev) ev->fen[f] = fen;
        return 0;
    }
    case FG_K_STRS:
        if (v->type != FG_JARR)
            return fg_everr(err, errlen, "field '%s' must be an array of strings, got %s", name, got);
        for (uint32_t i = 0; i < v->n; i++)
            if (v->u.a[i].type != FG_JSTR)
                return fg_everr(err, errlen, "field '%s' must hold only strings, found %s", name,
                                fg_json_type_name(v->u.a[i].type));
        return 0;
    case FG_K_OBJ:
        if (v->type != FG_JOBJ)
            return fg_everr(err, errlen, "field '%s' must be an object, got %s", name, got);
        return fg_check_members(v, NULL, FG_EV_UNKNOWN, err, errlen);
    case FG_K_OBJS:
        if (v->type != FG_JARR)
            return fg_everr(err, errlen, "field '%s' must be an array of objects, got %s", name, got);
        for (uint32_t i = 0; i < v->n; i++) {
            if (v->u.a[i].type != FG_JOBJ)
                return fg_everr(err, errlen, "field '%s' must hold only objects, found %s", name,
                                fg_json_type_name(v->u.a[i].type));
            if (fg_check_members(&v->u.a[i], NULL, FG_EV_UNKNOWN, err, errlen)) return -1;
        }
        return 0;
    }
    return 0;
#undef got
}

/* Checks the kinds of the known fields of obj; indexes them into ev if given. */
static int fg_check_members(fg_json *obj, fg_event *ev, fg_evtype type, char *err, size_t errlen)
{
    for (uint32_t i = 0; i < obj->n; i++) {
        fg_jmem *m = &obj->u.o[i];
        int f = fg_field_lookup(m->k, m->klen);
        if (f < 0) continue;
        if (m->v.type == FG_JNULL) {
            if (ev) ev->f[f] = NULL;
            continue;
        }
        int strict = ev && fg_is_required(type, f);
        if (fg_check_field(f, &m->v, ev, strict, err, errlen)) return -1;
        if (ev) ev->f[f] = &m->v;
    }
    return 0;
}

int fg_event_decode(fg_event *ev, fg_json *root, fg_arena *arena, const char *src,
                    uint64_t line, char *err, size_t errlen)
{
    memset(ev->f, 0, sizeof ev->f);
    ev->root = root;
    ev->src = src;
    ev->line = line;
    if (root->type != FG_JOBJ)
        return fg_everr(err, errlen, "event must be a JSON object, got %s%s",
                        fg_json_type_name(root->type), "");
    /* type, time and id in one pass over the members (the last wins) */
    const fg_json *type = NULL, *time = NULL, *id = NULL;
    for (uint32_t i = 0; i < root->n; i++) {
        const fg_jmem *m = &root->u.o[i];
        if (m->klen == 4 && !memcmp(m->k, "type", 4)) type = &m->v;
        else if (m->klen == 4 && !memcmp(m->k, "time", 4)) time = &m->v;
        else if (m->klen == 2 && m->k[0] == 'i' && m->k[1] == 'd') id = &m->v;
    }
    if (!type) return fg_everr(err, errlen, "missing required field 'type'%s%s", "", "");
    if (type->type != FG_JSTR || type->n == 0)
        return fg_everr(err, errlen, "field 'type' must be a non-empty string, got %s%s",
                        type->type == FG_JSTR ? "an empty string" : fg_json_type_name(type->type), "");
    ev->type_name = type->u.s;
    ev->type_len = type->n;
    ev->type = fg_evtype_lookup(type->u.s, type->n);

    if (!time) return fg_everr(err, errlen, "missing required field 'time'%s%s", "", "");
    if (time->type != FG_JSTR)
        return fg_everr(err, errlen, "field 'time' must be a string, got %s%s",
                        fg_json_type_name(time->type), "");
    const char *why = fg_time_parse(time->u.s, time->n, &ev->t);
    if (why) return fg_everr(err, errlen, "field 'time': %s%s", why, "");
    fg_time_fmt(ev->t, ev->time_str);

    if (id && id->type != FG_JNULL) {
        if (!((id->type == FG_JSTR && id->n > 0) || fg_plain_uint(id)))
            return fg_everr(err, errlen, "field 'id' must be a non-empty string, got %s%s",
                            id->type == FG_JSTR ? "an empty string" : fg_json_type_name(id->type), "");
        ev->id = id->u.s;
        ev->id_len = id->n;
    } else {
        char tmp[32];
        int k = snprintf(tmp, sizeof tmp, ":%llu", (unsigned long long)line);
        size_t sl = strlen(src);
        char *p = fg_arena_alloc(arena, sl + (size_t)k + 1);
        memcpy(p, src, sl);
        memcpy(p + sl, tmp, (size_t)k + 1);
        ev->id = p;
        ev->id_len = (uint32_t)(sl + (size_t)k);
    }
    if (ev->type == FG_EV_UNKNOWN) return 0;

    if (fg_check_members(root, ev, ev->type, err, errlen)) return -1;
    for (const int *r = fg_required[ev->type]; *r >= 0; r++) {
        const fg_json *v = ev->f[*r];
        if (!v) return fg_everr(err, errlen, "%s event: missing required field '%s'",
                                fg_evtype_names[ev->type], fg_fields[*r].name);
        if (v->type == FG_JSTR && v->n == 0)
            return fg_everr(err, errlen, "%s event: required field '%s' is empty",
                            fg_evtype_names[ev->type], fg_fields[*r].name);
    }
    return 0;
}

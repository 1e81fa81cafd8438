/* fg_record — host-owned records merged from events (see fg_record.h). */
#include "fg_record.h"
#include "fg_event.h"
#include "fg_mem.h"
#include <stdlib.h>
#include <string.h>

fg_record *fg_record_new(const char *key, size_t n)
{
    fg_record *r = fg_xcalloc(1, sizeof *r + n + 1);
    memcpy(r->kbuf, key, n);
    r->kbuf[n] = '\0';
    r->mk.key = r->kbuf;
    r->mk.klen = (uint32_t)n;
    r->t1 = INT64_MIN;
    return r;
}

void fg_record_free(fg_record *r)
{
    if (!r) return;
    free(r->obj);
    free(r);
}

const fg_json *fg_record_get_name(const fg_record *r, const char *k, size_t n)
{
    if (!r->obj) return NULL;
    for (uint32_t i = 0; i < r->obj->n; i++) {
        const fg_jmem *m = &r->obj->u.o[i];
        if (m->klen == n && memcmp(m->k, k, n) == 0) return &m->v;
    }
    return NULL;
}

const fg_json *fg_record_get(const fg_record *r, int fid)
{
    const char *name = fg_field_name(fid);
    return fg_record_get_name(r, name, strlen(name));
}

const char *fg_record_str(const fg_record *r, int fid, uint32_t *n)
{
    const fg_json *v = fg_record_get(r, fid);
    if (n) *n = v && v->type == FG_JSTR ? v->n : 0;
    if (!v || v->type != FG_JSTR) return NULL;
    return v->u.s;
}

static int fg_record_skip(const fg_jmem *m)
{
    return m->v.type == FG_JNULL ||
           (m->klen == 4 && (!memcmp(m->k, "type", 4) || !memcmp(m->k, "time", 4))) ||
           (m->klen == 2 && !memcmp(m->k, "id", 2));
}

void fg_record_merge(fg_record *r, const fg_json *obj, fg_record_rename_fn rename)
{
    if (!obj || obj->type != FG_JOBJ) return;
    size_t old = r->obj ? r->obj->n : 0, cap = old + obj->n;
    fg_jmem local[32];
    fg_jmem *mem = cap <= 32 ? local : fg_xmalloc(cap * sizeof *mem);
    size_t n = 0;
    /* the new members, renamed where asked; a repeated name keeps the last */
    for (uint32_t i = 0; i < obj->n; i++) {
        const fg_jmem *m = &obj->u.o[i];
        if (fg_record_skip(m)) continue;
        fg_jmem x = *m;
        if (rename) {
            int fid = fg_field_lookup(m->k, m->klen);
            const char *alt = fid >= 0 ? rename(fid) : NULL;
            if (alt) {
                x.k = alt;
                x.klen = (uint32_t)strlen(alt);
            }
        }
        size_t k = 0;
        while (k < n && !(mem[k].klen == x.klen && !memcmp(mem[k].k, x.k, x.klen))) k++;
        mem[k] = x;
        if (k == n) n++;
    }
    size_t fresh = n;
    /* then the old members the event did not give */
    for (size_t i = 0; i < old; i++) {
        const fg_jmem *m = &r->obj->u.o[i];
        size_t k = 0;
        while (k < fresh && !(mem[k].klen == m->klen && !memcmp(mem[k].k, m->k, m->klen))) k++;
        if (k == fresh) mem[n++] = *m;
    }
    fg_json tmp = {FG_JOBJ, (uint32_t)n, {.o = mem}};
    fg_json *merged = fg_json_clone(&tmp);
    if (mem != local) free(mem);
    free(r->obj);
    r->obj = merged;
}

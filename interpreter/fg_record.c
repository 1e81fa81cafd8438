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
    for (uint32_t i = 0; i < r->n; i++) {
        free(r->fields[i].key);
        free(r->fields[i].val);
    }
    free(r->fields);
    free(r);
}

const fg_json *fg_record_get(const fg_record *r, int fid)
{
    for (uint32_t i = 0; i < r->n; i++)
        if (r->fields[i].fid == fid) return r->fields[i].val;
    return NULL;
}

const fg_json *fg_record_get_name(const fg_record *r, const char *k, size_t n)
{
    for (uint32_t i = 0; i < r->n; i++)
        if (r->fields[i].klen == n && memcmp(r->fields[i].key, k, n) == 0) return r->fields[i].val;
    return NULL;
}

const char *fg_record_str(const fg_record *r, int fid, uint32_t *n)
{
    const fg_json *v = fg_record_get(r, fid);
    if (n) *n = v && v->type == FG_JSTR ? v->n : 0;
    if (!v || v->type != FG_JSTR) return NULL;
    return v->u.s;
}

void fg_record_set(fg_record *r, const char *k, size_t klen, const fg_json *v)
{
    for (uint32_t i = 0; i < r->n; i++) {
        if (r->fields[i].klen == klen && memcmp(r->fields[i].key, k, klen) == 0) {
            free(r->fields[i].val);
            r->fields[i].val = fg_json_clone(v);
            return;
        }
    }
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 8;
        r->fields = fg_xrealloc(r->fields, r->cap * sizeof *r->fields);
    }
    fg_rfield *f = &r->fields[r->n++];
    f->fid = fg_field_lookup(k, klen);
    f->klen = (uint32_t)klen;
    f->key = fg_xstrndup(k, klen);
    f->val = fg_json_clone(v);
}

void fg_record_merge(fg_record *r, const fg_json *obj, fg_record_rename_fn rename)
{
    if (!obj || obj->type != FG_JOBJ) return;
    for (uint32_t i = 0; i < obj->n; i++) {
        const fg_jmem *m = &obj->u.o[i];
        if (m->v.type == FG_JNULL) continue;
        if ((m->klen == 4 && (!memcmp(m->k, "type", 4) || !memcmp(m->k, "time", 4))) ||
            (m->klen == 2 && !memcmp(m->k, "id", 2)))
            continue;
        const char *k = m->k;
        size_t klen = m->klen;
        if (rename) {
            int fid = fg_field_lookup(k, klen);
            const char *alt = fid >= 0 ? rename(fid) : NULL;
            if (alt) {
                k = alt;
                klen = strlen(alt);
            }
        }
        fg_record_set(r, k, klen, &m->v);
    }
}

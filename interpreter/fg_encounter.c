/* fg_encounter — encounter registry and stays per person (see fg_encounter.h). */
#include "fg_encounter.h"
#include "fg_mem.h"
#include <stdlib.h>
#include <string.h>

void fg_enc_init(fg_encounters *e, int64_t retention)
{
    fg_registry_init(&e->encs, retention);
    fg_map_init(&e->stays);
}

void fg_enc_free(fg_encounters *e)
{
    size_t pos = 0;
    fg_staylist *s;
    while ((s = fg_map_next(&e->stays, &pos))) {
        free(s->v);
        free(s);
    }
    fg_map_free(&e->stays);
    fg_registry_free(&e->encs);
}

fg_record *fg_enc_get(const fg_encounters *e, const char *mdtrt_id, size_t n)
{
    return fg_registry_get(&e->encs, mdtrt_id, n);
}

const fg_staylist *fg_enc_stays(const fg_encounters *e, const char *psn_no, size_t n)
{
    return fg_map_get(&e->stays, psn_no, n, fg_map_hash(psn_no, n));
}

static const char *fg_enc_discharge_name(int fid)
{
    if (fid == FG_F_MAIN_DIAG) return "discharge_main_diag";
    if (fid == FG_F_DIAG_CODES) return "discharge_diag_codes";
    return NULL;
}

static void fg_enc_list(fg_encounters *e, fg_record *r, const char *psn, size_t n)
{
    uint64_t h = fg_map_hash(psn, n);
    fg_staylist *s = fg_map_get(&e->stays, psn, n, h);
    if (!s) {
        s = fg_xcalloc(1, sizeof *s + n + 1);
        memcpy(s->kbuf, psn, n);
        s->mk.key = s->kbuf;
        s->mk.klen = (uint32_t)n;
        fg_map_put(&e->stays, &s->mk, h);
    }
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 4;
        s->v = fg_xrealloc(s->v, s->cap * sizeof *s->v);
    }
    s->v[s->n++] = r;
    r->flags |= FG_ENC_LISTED;
}

static void fg_enc_unlist(fg_record *r, void *ud)
{
    fg_encounters *e = ud;
    if (!(r->flags & FG_ENC_LISTED)) return;
    r->flags &= ~(uint32_t)FG_ENC_LISTED;
    uint32_t n = 0;
    const char *psn = fg_record_str(r, FG_F_PSN_NO, &n);
    if (!psn) return;
    uint64_t h = fg_map_hash(psn, n);
    fg_staylist *s = fg_map_get(&e->stays, psn, n, h);
    if (!s) return;
    for (uint32_t i = 0; i < s->n; i++) {
        if (s->v[i] == r) {
            memmove(s->v + i, s->v + i + 1, (s->n - i - 1) * sizeof *s->v);
            s->n--;
            break;
        }
    }
    if (!s->n) {
        fg_map_del(&e->stays, psn, n, h);
        free(s->v);
        free(s);
    }
}

/* Lists an admission under the person its record names (once). */
static void fg_enc_relist(fg_encounters *e, fg_record *r)
{
    if (r->flags & FG_ENC_LISTED) return;
    uint32_t pn = 0;
    const char *psn = fg_record_str(r, FG_F_PSN_NO, &pn);
    if (psn) fg_enc_list(e, r, psn, pn);
}

int fg_enc_record(fg_encounters *e, const fg_event *ev)
{
    if (ev->type != FG_EV_REGISTRATION && ev->type != FG_EV_ADMISSION &&
        ev->type != FG_EV_DISCHARGE)
        return 0;
    uint32_t n = 0;
    const char *id = fg_event_str(ev, FG_F_MDTRT_ID, &n);
    int created;
    fg_record *r = fg_registry_upsert(&e->encs, id, n, &created);
    if (created) {
        r->t_first = r->t_last = ev->t;
        r->t0 = ev->t;
    }
    if (ev->t > r->t_last) r->t_last = ev->t;
    /* An event may name another person for the encounter: the stay must
     * stay listed under the person the record names, so take it off its
     * list before the merge and put it back after. */
    int listed = (r->flags & FG_ENC_LISTED) != 0;
    if (listed) fg_enc_unlist(r, e);
    if (ev->type == FG_EV_DISCHARGE) {
        fg_record_merge(r, ev->root, fg_enc_discharge_name);
        r->flags |= FG_ENC_DISCHARGED;
        r->t1 = ev->t;
        if (listed) fg_enc_relist(e, r);
        return created;
    }
    if (!created && !(r->flags & (FG_ENC_REGISTRATION | FG_ENC_ADMISSION))) r->t0 = ev->t;
    fg_record_merge(r, ev->root, NULL);
    if (ev->type == FG_EV_REGISTRATION) {
        r->flags |= FG_ENC_REGISTRATION;
        if (listed) fg_enc_relist(e, r);
        return created;
    }
    r->flags |= FG_ENC_ADMISSION;
    fg_enc_relist(e, r);
    return created;
}

void fg_enc_sweep(fg_encounters *e, int64_t watermark, int steps)
{
    fg_registry_sweep(&e->encs, watermark, steps, fg_enc_unlist, e);
}

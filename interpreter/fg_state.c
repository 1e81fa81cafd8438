/* fg_state — host-owned state of one engine (see fg_state.h). */
#include "fg_state.h"
#include "fg_mem.h"
#include <stdlib.h>
#include <string.h>

void fg_state_init(fg_state *s)
{
    fg_registry_init(&s->persons, 0);
    fg_registry_init(&s->insts, 0);
    fg_enc_init(&s->enc, FG_ENCOUNTER_RETENTION);
    fg_intern_init(&s->inst_ids);
    fg_map_init(&s->stores);
    s->watermark = INT64_MIN;
    s->events = 0;
    s->store_guard = NULL;
    s->store_guard_ud = NULL;
}

static void fg_store_free(fg_store *st)
{
    switch (st->kind) {
    case FG_STORE_KV: fg_kv_free(&st->u.kv); break;
    case FG_STORE_WINDOW: fg_window_free(&st->u.win); break;
    case FG_STORE_TRACE: fg_trace_free(&st->u.trace); break;
    }
    free(st);
}

void fg_state_free(fg_state *s)
{
    size_t pos = 0;
    fg_store *st;
    while ((st = fg_map_next(&s->stores, &pos))) fg_store_free(st);
    fg_map_free(&s->stores);
    fg_registry_free(&s->persons);
    fg_registry_free(&s->insts);
    fg_enc_free(&s->enc);
    fg_intern_free(&s->inst_ids);
}

void fg_state_reset(fg_state *s)
{
    fg_registry_free(&s->persons);
    fg_registry_free(&s->insts);
    fg_enc_free(&s->enc);
    fg_intern_free(&s->inst_ids);
    fg_registry_init(&s->persons, 0);
    fg_registry_init(&s->insts, 0);
    fg_enc_init(&s->enc, FG_ENCOUNTER_RETENTION);
    fg_intern_init(&s->inst_ids);
    size_t pos = 0;
    fg_store *st;
    while ((st = fg_map_next(&s->stores, &pos))) {
        switch (st->kind) {
        case FG_STORE_KV:
            fg_kv_free(&st->u.kv);
            fg_kv_init(&st->u.kv);
            break;
        case FG_STORE_WINDOW:
            fg_window_free(&st->u.win);
            fg_window_init(&st->u.win, st->retention);
            break;
        case FG_STORE_TRACE:
            fg_trace_free(&st->u.trace);
            fg_trace_init(&st->u.trace);
            break;
        }
    }
    s->watermark = INT64_MIN;
    s->events = 0;
}

const char *fg_store_kind_name(fg_store_kind k)
{
    return k == FG_STORE_KV ? "kv" : k == FG_STORE_WINDOW ? "window" : "tracecodes";
}

static fg_store *fg_state_store_locked(fg_state *s, const char *name, size_t n,
                                       fg_store_kind kind, int64_t retention);

fg_store *fg_state_store(fg_state *s, const char *name, size_t n, fg_store_kind kind,
                         int64_t retention)
{
    if (!s->store_guard) return fg_state_store_locked(s, name, n, kind, retention);
    s->store_guard(s->store_guard_ud, 1);
    fg_store *st = fg_state_store_locked(s, name, n, kind, retention);
    s->store_guard(s->store_guard_ud, 0);
    return st;
}

static fg_store *fg_state_store_locked(fg_state *s, const char *name, size_t n,
                                       fg_store_kind kind, int64_t retention)
{
    uint64_t h = fg_map_hash(name, n);
    fg_store *st = fg_map_get(&s->stores, name, n, h);
    if (st) {
        if (st->kind != kind) return NULL;
        if (retention > st->retention) {
            st->retention = retention;
            if (kind == FG_STORE_WINDOW) st->u.win.retention = retention;
        }
        return st;
    }
    st = fg_xcalloc(1, sizeof *st + n + 1);
    memcpy(st->kbuf, name, n);
    st->mk.key = st->kbuf;
    st->mk.klen = (uint32_t)n;
    st->kind = kind;
    st->retention = retention;
    switch (kind) {
    case FG_STORE_KV: fg_kv_init(&st->u.kv); break;
    case FG_STORE_WINDOW: fg_window_init(&st->u.win, retention); break;
    case FG_STORE_TRACE: fg_trace_init(&st->u.trace); break;
    }
    fg_map_put(&s->stores, &st->mk, h);
    return st;
}

static void fg_state_merge(fg_registry *g, const fg_event *ev, int key_field)
{
    uint32_t n;
    const char *key = fg_event_str(ev, key_field, &n);
    int created;
    fg_record *r = fg_registry_upsert(g, key, n, &created);
    if (created) r->t_first = ev->t;
    r->t_last = ev->t;
    fg_record_merge(r, ev->root, NULL);
}

void fg_state_before(fg_state *s, const fg_event *ev)
{
    if (ev->t > s->watermark) s->watermark = ev->t;
    s->events++;
    if (ev->type == FG_EV_PERSON) fg_state_merge(&s->persons, ev, FG_F_PSN_NO);
    else if (ev->type == FG_EV_INSTITUTION) fg_state_merge(&s->insts, ev, FG_F_FIXMEDINS_CODE);
}

void fg_state_after(fg_state *s, const fg_event *ev)
{
    if (ev->type == FG_EV_REGISTRATION || ev->type == FG_EV_ADMISSION ||
        ev->type == FG_EV_DISCHARGE) {
        /* sweep as fast as encounters are created: memory follows retention */
        if (fg_enc_record(&s->enc, ev)) fg_enc_sweep(&s->enc, s->watermark, 3);
    }
}

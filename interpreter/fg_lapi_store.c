/* fg_lapi_store — rule access to the host's named stores: fg.kv,
 * fg.window and fg.tracecodes (see stdlib/README.md for the contract).
 *
 * A handle is a userdata naming a store in fg_state; stores outlive the
 * Lua state and the ruleset version that created them, so a reload keeps
 * their contents.  Liveness of kv entries is judged at the current event's
 * time; sweeps run on writes and use the engine watermark. */
#include "fg_lapi.h"
#include <lauxlib.h>
#include <string.h>

#define FG_KV_MT "fg.kv"
#define FG_WIN_MT "fg.window"
#define FG_TRACE_MT "fg.tracecodes"
#define FG_SWEEP_STEPS 4

typedef struct fg_handle {
    fg_store *st;
} fg_handle;

/* The handle at argument 1.  Methods carry their store kind's metatable as
 * upvalue 1: comparing with it is cheaper than luaL_checkudata's registry
 * lookup by name, and store calls are on the hot path of most rules. */
static fg_store *fg_check_store(lua_State *L, const char *mt)
{
    fg_handle *h = lua_touserdata(L, 1);
    if (h && lua_getmetatable(L, 1)) {
        int same = lua_rawequal(L, -1, lua_upvalueindex(1));
        lua_pop(L, 1);
        if (same) return h->st;
    }
    luaL_typeerror(L, 1, mt);
    return NULL;
}

static int64_t fg_now(lua_State *L)
{
    const fg_event *ev = fg_lctx_of(L)->ev;
    return ev ? ev->t : INT64_MIN;
}

static int64_t fg_opt_int(lua_State *L, int idx)
{
    return lua_isnoneornil(L, idx) ? 0 : luaL_checkinteger(L, idx);
}

static int fg_new_handle(lua_State *L, fg_store_kind kind, const char *mt)
{
    size_t n;
    const char *name = luaL_checklstring(L, 1, &n);
    lua_Integer retention = luaL_optinteger(L, 2, 0);
    if (retention < 0) return luaL_argerror(L, 2, "retention must not be negative");
    fg_store *st = fg_state_store(fg_lctx_of(L)->state, name, n, kind, retention);
    if (!st) return luaL_error(L, "store '%s' already exists as another kind", name);
    fg_handle *h = lua_newuserdatauv(L, sizeof *h, 0);
    h->st = st;
    luaL_setmetatable(L, mt);
    return 1;
}

/* ---- fg.kv ---- */

static int fg_kv_new(lua_State *L) { return fg_new_handle(L, FG_STORE_KV, FG_KV_MT); }

static int fg_kv_push_entry(lua_State *L, const fg_kvent *e)
{
    if (!e) return 0;
    lua_pushinteger(L, e->a);
    lua_pushinteger(L, e->b);
    if (e->s) lua_pushlstring(L, e->s, e->slen);
    else lua_pushnil(L);
    return 3;
}

static int fg_kv_get_l(lua_State *L)
{
    fg_store *st = fg_check_store(L, FG_KV_MT);
    size_t n;
    const char *k = luaL_checklstring(L, 2, &n);
    return fg_kv_push_entry(L, fg_kv_get(&st->u.kv, k, n, fg_now(L)));
}

static fg_kvent *fg_kv_write(lua_State *L, fg_store *st, int *created)
{
    size_t n;
    const char *k = luaL_checklstring(L, 2, &n);
    lua_Integer expire = luaL_checkinteger(L, 3);
    fg_lctx *cx = fg_lctx_of(L);
    /* sweep first: a sweep after the write could free the entry written
     * (an expiry already behind the watermark) */
    fg_kv_sweep(&st->u.kv, cx->state->watermark, FG_SWEEP_STEPS);
    fg_kvent *e = fg_kv_upsert(&st->u.kv, k, n, fg_now(L), created);
    e->expire = expire;
    return e;
}

/* h:put(key, expire, a, b, s) */
static int fg_kv_put_l(lua_State *L)
{
    fg_store *st = fg_check_store(L, FG_KV_MT);
    int64_t a = fg_opt_int(L, 4), b = fg_opt_int(L, 5);
    size_t sl = 0;
    const char *s = lua_isnoneornil(L, 6) ? NULL : luaL_checklstring(L, 6, &sl);
    int created;
    fg_kvent *e = fg_kv_write(L, st, &created);
    e->a = a;
    e->b = b;
    fg_kv_set_str(e, s, sl);
    return 0;
}

/* h:add(key, expire, delta) -> new a */
static int fg_kv_add_l(lua_State *L)
{
    fg_store *st = fg_check_store(L, FG_KV_MT);
    int64_t d = luaL_checkinteger(L, 4);
    int created;
    fg_kvent *e = fg_kv_write(L, st, &created);
    e->a += d;
    lua_pushinteger(L, e->a);
    return 1;
}

/* h:once(key, expire) -> true the first time the key is seen while live */
static int fg_kv_once_l(lua_State *L)
{
    fg_store *st = fg_check_store(L, FG_KV_MT);
    size_t n;
    const char *k = luaL_checklstring(L, 2, &n);
    luaL_checkinteger(L, 3);
    if (fg_kv_get(&st->u.kv, k, n, fg_now(L))) {
        lua_pushboolean(L, 0);
        return 1;
    }
    int created;
    fg_kv_write(L, st, &created);
    lua_pushboolean(L, 1);
    return 1;
}

static int fg_kv_del_l(lua_State *L)
{
    fg_store *st = fg_check_store(L, FG_KV_MT);
    size_t n;
    const char *k = luaL_checklstring(L, 2, &n);
    lua_pushboolean(L, fg_kv_del(&st->u.kv, k, n));
    return 1;
}

/* ---- fg.window ---- */

static int fg_win_new(lua_State *L)
{
    luaL_checkinteger(L, 2);
    return fg_new_handle(L, FG_STORE_WINDOW, FG_WIN_MT);
}

/* h:push(key, t, n, s) */
static int fg_win_push_l(lua_State *L)
{
    fg_store *st = fg_check_store(L, FG_WIN_MT);
    size_t n, sl = 0;
    const char *k = luaL_checklstring(L, 2, &n);
    lua_Integer t = luaL_checkinteger(L, 3);
    int64_t v = fg_opt_int(L, 4);
    const char *s = lua_isnoneornil(L, 5) ? NULL : luaL_checklstring(L, 5, &sl);
    int64_t wm = fg_lctx_of(L)->state->watermark;
    fg_window_push(&st->u.win, k, n, t, v, s, sl, wm);
    fg_window_sweep(&st->u.win, wm, FG_SWEEP_STEPS);
    return 0;
}

static fg_wstat fg_win_stat(lua_State *L, int distinct)
{
    fg_store *st = fg_check_store(L, FG_WIN_MT);
    size_t n;
    const char *k = luaL_checklstring(L, 2, &n);
    lua_Integer from = luaL_checkinteger(L, 3), to = luaL_checkinteger(L, 4);
    return fg_window_stat(&st->u.win, k, n, from, to, distinct);
}

/* h:count(key, from, to) -> count, sum of n */
static int fg_win_count_l(lua_State *L)
{
    fg_wstat s = fg_win_stat(L, 0);
    lua_pushinteger(L, s.count);
    lua_pushinteger(L, s.sum);
    return 2;
}

/* h:distinct(key, from, to) -> distinct strings */
static int fg_win_distinct_l(lua_State *L)
{
    fg_wstat s = fg_win_stat(L, 1);
    lua_pushinteger(L, s.distinct);
    return 1;
}

static int fg_win_push_entry(lua_State *L, const fg_went *e)
{
    lua_pushinteger(L, e->t);
    lua_pushinteger(L, e->n);
    if (e->s) lua_pushlstring(L, e->s, e->slen);
    else lua_pushnil(L);
    return 3;
}

/* h:last(key) -> t, n, s of the latest entry pushed */
static int fg_win_last_l(lua_State *L)
{
    fg_store *st = fg_check_store(L, FG_WIN_MT);
    size_t n;
    const char *k = luaL_checklstring(L, 2, &n);
    fg_wseries *ws = fg_window_series(&st->u.win, k, n);
    if (!ws || !ws->len) return 0;
    return fg_win_push_entry(L, fg_wseries_at(ws, ws->len - 1));
}

/* Iterator state: upvalues store, key, from, to, next index. The series is
 * looked up again at every step, so pushes during the loop are safe. */
static int fg_win_each_step(lua_State *L)
{
    fg_store *st = ((fg_handle *)lua_touserdata(L, lua_upvalueindex(1)))->st;
    size_t n;
    const char *k = lua_tolstring(L, lua_upvalueindex(2), &n);
    lua_Integer from = lua_tointeger(L, lua_upvalueindex(3));
    lua_Integer to = lua_tointeger(L, lua_upvalueindex(4));
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(5));
    fg_wseries *ws = fg_window_series(&st->u.win, k, n);
    while (ws && (uint32_t)i < ws->len) {
        const fg_went *e = fg_wseries_at(ws, (uint32_t)i++);
        if (e->t < from || e->t > to) continue;
        lua_pushinteger(L, i);
        lua_replace(L, lua_upvalueindex(5));
        return fg_win_push_entry(L, e);
    }
    return 0;
}

/* for t, n, s in h:each(key, from, to) do ... end  (oldest first) */
static int fg_win_each_l(lua_State *L)
{
    fg_check_store(L, FG_WIN_MT);
    luaL_checkstring(L, 2);
    luaL_checkinteger(L, 3);
    luaL_checkinteger(L, 4);
    lua_settop(L, 4);
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, fg_win_each_step, 5);
    return 1;
}

/* ---- fg.tracecodes ---- */

static int fg_trace_new(lua_State *L)
{
    luaL_checkinteger(L, 2);
    return fg_new_handle(L, FG_STORE_TRACE, FG_TRACE_MT);
}

/* h:first(code) -> instant, institution of the first settlement | nil */
static int fg_trace_first_l(lua_State *L)
{
    fg_store *st = fg_check_store(L, FG_TRACE_MT);
    size_t n;
    const char *code = luaL_checklstring(L, 2, &n);
    int64_t t;
    uint32_t inst, il;
    if (!fg_trace_get(&st->u.trace, code, n, &t, &inst)) return 0;
    lua_pushinteger(L, t);
    const char *is = fg_intern_str(&fg_lctx_of(L)->state->inst_ids, inst, &il);
    if (is) lua_pushlstring(L, is, il);
    else lua_pushnil(L);
    return 2;
}

/* h:record(code, t, institution) */
static int fg_trace_record_l(lua_State *L)
{
    fg_store *st = fg_check_store(L, FG_TRACE_MT);
    size_t n, il = 0;
    const char *code = luaL_checklstring(L, 2, &n);
    lua_Integer t = luaL_checkinteger(L, 3);
    const char *inst = lua_isnoneornil(L, 4) ? NULL : luaL_checklstring(L, 4, &il);
    fg_state *s = fg_lctx_of(L)->state;
    uint32_t id = inst ? fg_intern_id(&s->inst_ids, inst, il) : 0;
    fg_trace_put(&st->u.trace, code, n, t, id);
    if (st->retention)
        fg_trace_sweep(&st->u.trace, s->watermark - st->retention - 86400, FG_SWEEP_STEPS);
    return 0;
}

static int fg_trace_release_l(lua_State *L)
{
    fg_store *st = fg_check_store(L, FG_TRACE_MT);
    size_t n;
    const char *code = luaL_checklstring(L, 2, &n);
    lua_pushboolean(L, fg_trace_del(&st->u.trace, code, n));
    return 1;
}

/* The trace codes of the current event (drug_trac_codg), or NULL. */
static const fg_json *fg_event_codes(lua_State *L)
{
    const fg_event *ev = fg_lctx_of(L)->ev;
    if (!ev || ev->type == FG_EV_UNKNOWN) return NULL;
    const fg_json *v = ev->f[FG_F_DRUG_TRAC_CODG];
    return v && v->type == FG_JARR && v->n ? v : NULL;
}

/* h:settle(memory) -> settles the codes of the current event line: a code
 * first settled at most `memory` seconds before is a reuse; any other is
 * recorded as first settled now, here.  Returns nil when nothing was
 * reused, else an array of {code, time, fixmedins_code} (first settlement
 * of each reused code, each code once).  The whole loop runs in C: most
 * lines reuse nothing and cost no Lua allocation. */
static int fg_trace_settle_l(lua_State *L)
{
    fg_store *st = fg_check_store(L, FG_TRACE_MT);
    lua_Integer memory = luaL_checkinteger(L, 2);
    const fg_json *codes = fg_event_codes(L);
    if (!codes) return 0;
    fg_lctx *cx = fg_lctx_of(L);
    const fg_event *ev = cx->ev;
    uint32_t il = 0;
    const char *inst = fg_event_str(ev, FG_F_FIXMEDINS_CODE, &il);
    uint32_t id = inst ? fg_intern_id(&cx->state->inst_ids, inst, il) : 0;
    int out = 0;
    lua_Integer k = 0;
    for (uint32_t i = 0; i < codes->n; i++) {
        const fg_json *c = &codes->u.a[i];
        if (c->type != FG_JSTR) continue;
        int64_t t;
        uint32_t first;
        if (fg_trace_get(&st->u.trace, c->u.s, c->n, &t, &first) && ev->t - t <= memory) {
            if (!out) {
                lua_createtable(L, 2, 0);
                out = lua_gettop(L);
            }
            int seen = 0;   /* a code listed twice on the line is reported once */
            for (lua_Integer j = 1; j <= k && !seen; j++) {
                lua_rawgeti(L, out, j);
                lua_getfield(L, -1, "code");
                size_t l;
                const char *x = lua_tolstring(L, -1, &l);
                seen = l == c->n && !memcmp(x, c->u.s, l);
                lua_pop(L, 2);
            }
            if (seen) continue;
            lua_createtable(L, 0, 3);
            lua_pushlstring(L, c->u.s, c->n);
            lua_setfield(L, -2, "code");
            lua_pushinteger(L, t);
            lua_setfield(L, -2, "time");
            uint32_t fl;
            const char *fs = fg_intern_str(&cx->state->inst_ids, first, &fl);
            if (fs) {
                lua_pushlstring(L, fs, fl);
                lua_setfield(L, -2, "fixmedins_code");
            }
            lua_rawseti(L, out, ++k);
        } else {
            fg_trace_put(&st->u.trace, c->u.s, c->n, ev->t, id);
        }
    }
    if (st->retention)
        fg_trace_sweep(&st->u.trace, cx->state->watermark - st->retention - 86400, FG_SWEEP_STEPS);
    return out ? 1 : 0;
}

/* h:release_line() -> forgets every code of the current event line (a
 * refund); returns how many were known. */
static int fg_trace_release_line_l(lua_State *L)
{
    fg_store *st = fg_check_store(L, FG_TRACE_MT);
    const fg_json *codes = fg_event_codes(L);
    lua_Integer n = 0;
    for (uint32_t i = 0; codes && i < codes->n; i++)
        if (codes->u.a[i].type == FG_JSTR)
            n += fg_trace_del(&st->u.trace, codes->u.a[i].u.s, codes->u.a[i].n);
    lua_pushinteger(L, n);
    return 1;
}

static void fg_store_mt(lua_State *L, const char *name, const luaL_Reg *methods)
{
    luaL_newmetatable(L, name);
    lua_newtable(L);
    lua_pushvalue(L, -2);               /* the metatable: upvalue of every method */
    luaL_setfuncs(L, methods, 1);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
}

void fg_lapi_open_state(lua_State *L, int fg)
{
    static const luaL_Reg kv[] = {
        {"get", fg_kv_get_l}, {"put", fg_kv_put_l}, {"add", fg_kv_add_l},
        {"once", fg_kv_once_l}, {"del", fg_kv_del_l}, {NULL, NULL},
    };
    static const luaL_Reg win[] = {
        {"push", fg_win_push_l}, {"count", fg_win_count_l}, {"distinct", fg_win_distinct_l},
        {"last", fg_win_last_l}, {"each", fg_win_each_l}, {NULL, NULL},
    };
    static const luaL_Reg tr[] = {
        {"first", fg_trace_first_l}, {"record", fg_trace_record_l},
        {"release", fg_trace_release_l}, {"settle", fg_trace_settle_l},
        {"release_line", fg_trace_release_line_l}, {NULL, NULL},
    };
    fg_store_mt(L, FG_KV_MT, kv);
    fg_store_mt(L, FG_WIN_MT, win);
    fg_store_mt(L, FG_TRACE_MT, tr);
    lua_pushcfunction(L, fg_kv_new);
    lua_setfield(L, fg, "kv");
    lua_pushcfunction(L, fg_win_new);
    lua_setfield(L, fg, "window");
    lua_pushcfunction(L, fg_trace_new);
    lua_setfield(L, fg, "tracecodes");
}

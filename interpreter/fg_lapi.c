/* fg_lapi — the `fg` host API: event view, registry views, calendar and
 * money helpers (see fg_lapi.h; stores in fg_lapi_store.c, catalog and
 * regex in fg_lapi_catalog.c). */
#include "fg_lapi.h"
#include "fg_money.h"
#include "fg_time.h"
#include <lauxlib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* stdlib/fg.lua as bytes (generated at build time) */
extern const unsigned char fg_stdlib_lua[];
extern const size_t fg_stdlib_lua_len;

#define FG_EVENT_MT "fg.event"
#define FG_RECORD_MT "fg.record"

enum { FG_VIEW_PERSON, FG_VIEW_INSTITUTION, FG_VIEW_ENCOUNTER };

typedef struct fg_view {
    fg_record *r;
    uint64_t gen;
    int kind;
} fg_view;

static void fg_push_number(lua_State *L, double d)
{
    if (d >= -9007199254740992.0 && d <= 9007199254740992.0 && d == floor(d))
        lua_pushinteger(L, (lua_Integer)d);
    else
        lua_pushnumber(L, d);
}

void fg_lapi_push_json(lua_State *L, const fg_json *v, int fid)
{
    switch (v->type) {
    case FG_JNULL: lua_pushnil(L); return;
    case FG_JTRUE: lua_pushboolean(L, 1); return;
    case FG_JFALSE: lua_pushboolean(L, 0); return;
    case FG_JSTR: lua_pushlstring(L, v->u.s, v->n); return;
    case FG_JNUM: {
        int64_t fen;
        if (fid >= 0 && fg_field_kind(fid) == FG_K_MONEY && fg_json_fen(v, &fen) == 0)
            lua_pushinteger(L, fen);
        else
            fg_push_number(L, fg_json_f64(v));
        return;
    }
    case FG_JARR:
        lua_createtable(L, (int)v->n, 0);
        for (uint32_t i = 0; i < v->n; i++) {
            fg_lapi_push_json(L, &v->u.a[i], -1);
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
        return;
    default:
        lua_createtable(L, 0, (int)v->n);
        for (uint32_t i = 0; i < v->n; i++) {
            const fg_jmem *m = &v->u.o[i];
            lua_pushlstring(L, m->k, m->klen);
            fg_lapi_push_json(L, &m->v, fg_field_lookup(m->k, m->klen));
            lua_rawset(L, -3);
        }
        return;
    }
}

static const fg_event *fg_current(lua_State *L)
{
    const fg_event *ev = fg_lctx_of(L)->ev;
    if (!ev) luaL_error(L, "no event is being evaluated");
    return ev;
}

/* Keys starting with '_' are the host's: instant, id, type, calendar. */
/* e._drug, e._item, e._person, e._institution, e._encounter: the catalog
 * row or registry view for the event's own code, person, institution or
 * encounter (false when there is none).  Found through the same functions
 * rules call (fg.drug, fg.person, ...) and kept in the event's cache, so
 * every rule after the first gets it for a table read. */
static int fg_event_link(lua_State *L, const fg_event *ev, const char *fn, int field)
{
    uint32_t n;
    const char *key = ev->type == FG_EV_UNKNOWN ? NULL : fg_event_str(ev, field, &n);
    if (!key) {
        lua_pushboolean(L, 0);
        return 1;
    }
    lua_getfield(L, LUA_REGISTRYINDEX, "fg.api");
    lua_getfield(L, -1, fn);
    lua_remove(L, -2);
    lua_pushlstring(L, key, n);
    lua_call(L, 1, 1);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 0);
    }
    return 1;
}

static int fg_event_special(lua_State *L, const fg_event *ev, const char *k, size_t n)
{
    switch (n) {
    case 5:
        if (!memcmp(k, "_drug", 5)) return fg_event_link(L, ev, "drug", FG_F_MED_LIST_CODG);
        if (!memcmp(k, "_item", 5)) return fg_event_link(L, ev, "item", FG_F_MED_LIST_CODG);
        break;
    case 7:
        if (!memcmp(k, "_person", 7)) return fg_event_link(L, ev, "person", FG_F_PSN_NO);
        break;
    case 10:
        if (!memcmp(k, "_encounter", 10)) return fg_event_link(L, ev, "encounter", FG_F_MDTRT_ID);
        break;
    case 12:
        if (!memcmp(k, "_institution", 12))
            return fg_event_link(L, ev, "institution", FG_F_FIXMEDINS_CODE);
        break;
    }
    if (n == 2 && k[1] == 't') lua_pushinteger(L, ev->t);
    else if (n == 3 && !memcmp(k, "_id", 3)) lua_pushlstring(L, ev->id, ev->id_len);
    else if (n == 5 && !memcmp(k, "_type", 5)) lua_pushlstring(L, ev->type_name, ev->type_len);
    else if (n == 4 && !memcmp(k, "_day", 4)) lua_pushinteger(L, fg_cst_day(ev->t));
    else if (n == 6 && !memcmp(k, "_month", 6)) lua_pushinteger(L, fg_cst_month(ev->t));
    else if (n == 5 && !memcmp(k, "_year", 5)) lua_pushinteger(L, fg_cst_year(ev->t));
    else if (n == 4 && !memcmp(k, "_sod", 4)) lua_pushinteger(L, fg_cst_second_of_day(ev->t));
    else if (n == 5 && !memcmp(k, "_time", 5)) lua_pushstring(L, ev->time_str);
    else if (n == 5 && !memcmp(k, "_line", 5)) lua_pushinteger(L, (lua_Integer)ev->line);
    else if (n == 4 && !memcmp(k, "_src", 4)) lua_pushstring(L, ev->src);
    else return 0;
    return 1;
}

/* Pushes the value of key k of the current event; 0 when absent. */
static int fg_event_value(lua_State *L, const fg_event *ev, const char *k, size_t n)
{
    if (n && k[0] == '_' && fg_event_special(L, ev, k, n)) return 1;
    int fid = fg_field_lookup(k, n);
    const fg_json *v = NULL;
    if (fid >= 0 && ev->type != FG_EV_UNKNOWN) {
        v = ev->f[fid];
        if (!v) return 0;
        switch (fg_field_kind(fid)) {
        case FG_K_MONEY: lua_pushinteger(L, ev->fen[fid]); return 1;
        case FG_K_NUM: fg_push_number(L, ev->num[fid]); return 1;
        default: break;
        }
    } else {
        v = fg_json_get(ev->root, k, n);
        if (!v) return 0;
    }
    fg_lapi_push_json(L, v, fid);
    return 1;
}

/* The event is a userdata whose __index is a per-event cache table; a miss
 * in the cache lands here (cache, key), computes the value once and keeps
 * it, so the rules of one event share every field they read. */
static int fg_event_load(lua_State *L)
{
    const fg_event *ev = fg_current(L);
    size_t n;
    if (lua_type(L, 2) != LUA_TSTRING) return 0;
    const char *k = lua_tolstring(L, 2, &n);
    if (!fg_event_value(L, ev, k, n)) return 0;
    /* Scalars are kept for the other rules of the event; arrays and
     * objects of the event are not: every read gets its own copy, which
     * the rule may change without touching what other rules see.  (The
     * links _drug, _item are read-only catalog rows: kept.) */
    if (lua_type(L, -1) == LUA_TTABLE && k[0] != '_') return 1;
    lua_pushvalue(L, 2);
    lua_pushvalue(L, -2);
    lua_rawset(L, 1);
    return 1;
}

void fg_lapi_new_event(lua_State *L)
{
    luaL_getmetatable(L, FG_EVENT_MT);
    lua_createtable(L, 0, 16);
    luaL_setmetatable(L, "fg.event.cache");
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);
}

static int fg_readonly(lua_State *L)
{
    return luaL_error(L, "events and records are read-only (tried to set '%s')",
                      luaL_tolstring(L, 2, NULL));
}

static int fg_event_tostring(lua_State *L)
{
    const fg_event *ev = fg_lctx_of(L)->ev;
    if (!ev) lua_pushliteral(L, "event(none)");
    else lua_pushfstring(L, "event(%s %s)", ev->type_name, ev->id);
    return 1;
}

void fg_lapi_push_event(lua_State *L)
{
    lua_rawgeti(L, LUA_REGISTRYINDEX, fg_lctx_of(L)->event_ref);
}

/* ---- record views ---- */

static void fg_push_view(lua_State *L, fg_record *r, int kind)
{
    if (!r) {
        lua_pushnil(L);
        return;
    }
    fg_view *v = lua_newuserdatauv(L, sizeof *v, 0);
    v->r = r;
    v->gen = fg_lctx_of(L)->gen;
    v->kind = kind;
    luaL_setmetatable(L, FG_RECORD_MT);
}

/* Registry lookups are memoised per event: several rules asking for the
 * same person on one event get the same view.  The closures of
 * fg.person/institution/encounter hold (memo table, event generation). */
static int fg_memo_hit(lua_State *L)
{
    fg_lctx *cx = fg_lctx_of(L);
    if ((uint64_t)lua_tointeger(L, lua_upvalueindex(2)) != cx->gen) {
        lua_createtable(L, 0, 4);
        lua_replace(L, lua_upvalueindex(1));
        lua_pushinteger(L, (lua_Integer)cx->gen);
        lua_replace(L, lua_upvalueindex(2));
        return 0;
    }
    lua_pushvalue(L, 1);
    int t = lua_rawget(L, lua_upvalueindex(1));
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return 0;
    }
    if (t == LUA_TBOOLEAN) {            /* remembered as absent */
        lua_pop(L, 1);
        lua_pushnil(L);
    }
    return 1;
}

static int fg_memo_view(lua_State *L, fg_record *r, int kind)
{
    fg_push_view(L, r, kind);
    lua_pushvalue(L, 1);
    if (r) lua_pushvalue(L, -2);
    else lua_pushboolean(L, 0);
    lua_rawset(L, lua_upvalueindex(1));
    return 1;
}

static fg_view *fg_check_view(lua_State *L, int idx)
{
    fg_view *v = luaL_checkudata(L, idx, FG_RECORD_MT);
    if (v->gen != fg_lctx_of(L)->gen)
        luaL_error(L, "a record view was kept from an earlier event (rules hold no state)");
    return v;
}

static int fg_record_index(lua_State *L)
{
    /* only views have this metamethod: argument 1 is a view */
    fg_view *v = lua_touserdata(L, 1);
    if (v->gen != fg_lctx_of(L)->gen)
        luaL_error(L, "a record view was kept from an earlier event (rules hold no state)");
    size_t n;
    const char *k = lua_tolstring(L, 2, &n);
    if (!k || lua_type(L, 2) != LUA_TSTRING) return 0;
    fg_record *r = v->r;
    if (n && k[0] == '_') {
        if (n == 4 && !memcmp(k, "_key", 4)) lua_pushlstring(L, r->mk.key, r->mk.klen);
        else if (n == 6 && !memcmp(k, "_first", 6)) lua_pushinteger(L, r->t_first);
        else if (n == 5 && !memcmp(k, "_last", 5)) lua_pushinteger(L, r->t_last);
        else if (v->kind != FG_VIEW_ENCOUNTER) return 0;
        else if (n == 6 && !memcmp(k, "_start", 6)) lua_pushinteger(L, r->t0);
        else if (n == 4 && !memcmp(k, "_end", 4)) {
            if (!(r->flags & FG_ENC_DISCHARGED)) return 0;
            lua_pushinteger(L, r->t1);
        } else if (n == 10 && !memcmp(k, "_admission", 10))
            lua_pushboolean(L, r->flags & FG_ENC_ADMISSION);
        else if (n == 13 && !memcmp(k, "_registration", 13))
            lua_pushboolean(L, r->flags & FG_ENC_REGISTRATION);
        else if (n == 11 && !memcmp(k, "_discharged", 11))
            lua_pushboolean(L, r->flags & FG_ENC_DISCHARGED);
        else return 0;
        return 1;
    }
    int fid = fg_field_lookup(k, n);
    const fg_json *val = fid >= 0 ? fg_record_get(r, fid) : fg_record_get_name(r, k, n);
    if (!val) return 0;
    fg_lapi_push_json(L, val, fid);
    return 1;
}

static int fg_record_tostring(lua_State *L)
{
    fg_view *v = luaL_checkudata(L, 1, FG_RECORD_MT);
    static const char *const kinds[] = {"person", "institution", "encounter"};
    if (v->gen != fg_lctx_of(L)->gen) lua_pushfstring(L, "%s(stale)", kinds[v->kind]);
    else lua_pushfstring(L, "%s(%s)", kinds[v->kind], v->r->mk.key);
    return 1;
}

static const char *fg_check_key(lua_State *L, int idx, size_t *n)
{
    if (lua_isnoneornil(L, idx)) return NULL;
    return luaL_checklstring(L, idx, n);
}

static int fg_api_person(lua_State *L)
{
    size_t n;
    const char *k = fg_check_key(L, 1, &n);
    if (!k) return 0;
    if (fg_memo_hit(L)) return 1;
    return fg_memo_view(L, fg_registry_get(&fg_lctx_of(L)->state->persons, k, n), FG_VIEW_PERSON);
}

static int fg_api_institution(lua_State *L)
{
    size_t n;
    const char *k = fg_check_key(L, 1, &n);
    if (!k) return 0;
    if (fg_memo_hit(L)) return 1;
    return fg_memo_view(L, fg_registry_get(&fg_lctx_of(L)->state->insts, k, n),
                        FG_VIEW_INSTITUTION);
}

static int fg_api_encounter(lua_State *L)
{
    size_t n;
    const char *k = fg_check_key(L, 1, &n);
    if (!k) return 0;
    if (fg_memo_hit(L)) return 1;
    return fg_memo_view(L, fg_enc_get(&fg_lctx_of(L)->state->enc, k, n), FG_VIEW_ENCOUNTER);
}

static int fg_api_stays(lua_State *L)
{
    size_t n;
    const char *k = fg_check_key(L, 1, &n);
    lua_newtable(L);
    if (!k) return 1;
    const fg_staylist *s = fg_enc_stays(&fg_lctx_of(L)->state->enc, k, n);
    for (uint32_t i = 0; s && i < s->n; i++) {
        fg_push_view(L, s->v[i], FG_VIEW_ENCOUNTER);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* Appends the string values of v (a string or an array) not yet in t. */
static void fg_diag_add(lua_State *L, int t, const fg_json *v, lua_Integer *n)
{
    if (!v) return;
    uint32_t cnt = v->type == FG_JARR ? v->n : 1;
    for (uint32_t i = 0; i < cnt; i++) {
        const fg_json *s = v->type == FG_JARR ? &v->u.a[i] : v;
        if (s->type != FG_JSTR || !s->n) continue;
        int dup = 0;
        for (lua_Integer j = 1; j <= *n && !dup; j++) {
            size_t l;
            lua_rawgeti(L, t, j);
            const char *x = lua_tolstring(L, -1, &l);
            dup = l == s->n && !memcmp(x, s->u.s, l);
            lua_pop(L, 1);
        }
        if (dup) continue;
        lua_pushlstring(L, s->u.s, s->n);
        lua_rawseti(L, t, ++*n);
    }
}

/* fg.diagnoses(x): every diagnosis code of an event or encounter, main
 * diagnosis first, discharge diagnoses included, without repeats. */
static int fg_api_diagnoses(lua_State *L)
{
    lua_newtable(L);
    int t = lua_gettop(L);
    lua_Integer n = 0;
    if (luaL_testudata(L, 1, FG_RECORD_MT)) {
        fg_record *r = fg_check_view(L, 1)->r;
        fg_diag_add(L, t, fg_record_get(r, FG_F_MAIN_DIAG), &n);
        fg_diag_add(L, t, fg_record_get(r, FG_F_DIAG_CODES), &n);
        fg_diag_add(L, t, fg_record_get_name(r, "discharge_main_diag", 19), &n);
        fg_diag_add(L, t, fg_record_get_name(r, "discharge_diag_codes", 20), &n);
    } else if (luaL_testudata(L, 1, FG_EVENT_MT)) {
        const fg_event *ev = fg_current(L);
        fg_diag_add(L, t, ev->f[FG_F_MAIN_DIAG], &n);
        fg_diag_add(L, t, ev->f[FG_F_DIAG_CODES], &n);
    } else if (!lua_isnoneornil(L, 1)) {
        return luaL_argerror(L, 1, "event or encounter expected");
    }
    return 1;
}

/* Adds the strings of v (a string or an array) that re matches at their
 * start to the table at t (created on the first match), without repeats. */
static void fg_diag_match_add(lua_State *L, const fg_regex *re, const fg_json *v, int *t,
                              lua_Integer *n)
{
    if (!v) return;
    fg_rematch *m = fg_lctx_of(L)->rm;
    uint32_t cnt = v->type == FG_JARR ? v->n : 1;
    for (uint32_t i = 0; i < cnt; i++) {
        const fg_json *s = v->type == FG_JARR ? &v->u.a[i] : v;
        if (s->type != FG_JSTR || !s->n) continue;
        int rc = fg_regex_match(re, m, s->u.s, s->n, 1);
        if (rc < 0) luaL_error(L, "%s", fg_rematch_error(m));
        if (!rc) continue;
        if (!*t) {
            lua_createtable(L, 2, 0);
            *t = lua_gettop(L);
        }
        int dup = 0;
        for (lua_Integer j = 1; j <= *n && !dup; j++) {
            size_t l;
            lua_rawgeti(L, *t, j);
            const char *x = lua_tolstring(L, -1, &l);
            dup = l == s->n && !memcmp(x, s->u.s, l);
            lua_pop(L, 1);
        }
        if (dup) continue;
        lua_pushlstring(L, s->u.s, s->n);
        lua_rawseti(L, *t, ++*n);
    }
}

/* fg.diag_matches(re, x): the diagnosis codes of an event or encounter (as
 * fg.diagnoses) that re matches at their start, or nil when none does —
 * without building the list of all diagnoses. */
static int fg_lapi_testud_record(lua_State *L, int idx)
{
    return luaL_testudata(L, idx, FG_RECORD_MT) != NULL;
}

static int fg_api_diag_matches(lua_State *L)
{
    const fg_regex *re = fg_lapi_check_regex(L, 1);
    int t = 0;
    lua_Integer n = 0;
    if (fg_lapi_testud_record(L, 2)) {
        fg_record *r = fg_check_view(L, 2)->r;
        fg_diag_match_add(L, re, fg_record_get(r, FG_F_MAIN_DIAG), &t, &n);
        fg_diag_match_add(L, re, fg_record_get(r, FG_F_DIAG_CODES), &t, &n);
        fg_diag_match_add(L, re, fg_record_get_name(r, "discharge_main_diag", 19), &t, &n);
        fg_diag_match_add(L, re, fg_record_get_name(r, "discharge_diag_codes", 20), &t, &n);
    } else if (luaL_testudata(L, 2, FG_EVENT_MT)) {
        const fg_event *ev = fg_current(L);
        fg_diag_match_add(L, re, ev->f[FG_F_MAIN_DIAG], &t, &n);
        fg_diag_match_add(L, re, ev->f[FG_F_DIAG_CODES], &t, &n);
    } else if (!lua_isnoneornil(L, 2)) {
        return luaL_argerror(L, 2, "event or encounter expected");
    }
    return t ? 1 : 0;
}

/* fg.person_field(psn_no, name), fg.institution_field(code, name),
 * fg.encounter_field(mdtrt_id, name): one field of a record, or nil —
 * for rules that need one value and no view. */
static int fg_record_field(lua_State *L, fg_record *r)
{
    size_t n;
    const char *k = luaL_checklstring(L, 2, &n);
    if (!r) return 0;
    int fid = fg_field_lookup(k, n);
    const fg_json *v = fid >= 0 ? fg_record_get(r, fid) : fg_record_get_name(r, k, n);
    if (!v) return 0;
    fg_lapi_push_json(L, v, fid);
    return 1;
}

static int fg_api_person_field(lua_State *L)
{
    size_t n;
    const char *k = fg_check_key(L, 1, &n);
    return fg_record_field(L, k ? fg_registry_get(&fg_lctx_of(L)->state->persons, k, n) : NULL);
}

static int fg_api_institution_field(lua_State *L)
{
    size_t n;
    const char *k = fg_check_key(L, 1, &n);
    return fg_record_field(L, k ? fg_registry_get(&fg_lctx_of(L)->state->insts, k, n) : NULL);
}

static int fg_api_encounter_field(lua_State *L)
{
    size_t n;
    const char *k = fg_check_key(L, 1, &n);
    return fg_record_field(L, k ? fg_enc_get(&fg_lctx_of(L)->state->enc, k, n) : NULL);
}

/* fg.has_stays(psn_no): whether the person has inpatient stays on record. */
static int fg_api_has_stays(lua_State *L)
{
    size_t n;
    const char *k = fg_check_key(L, 1, &n);
    const fg_staylist *s = k ? fg_enc_stays(&fg_lctx_of(L)->state->enc, k, n) : NULL;
    lua_pushboolean(L, s && s->n > 0);
    return 1;
}

/* ---- calendar and money ---- */

static int fg_api_date(lua_State *L)
{
    size_t n;
    const char *s = lua_tolstring(L, 1, &n);
    int64_t day;
    if (!s || lua_type(L, 1) != LUA_TSTRING || fg_date_parse(s, n, &day)) return 0;
    lua_pushinteger(L, day);
    return 1;
}

static int fg_api_day(lua_State *L)
{
    lua_pushinteger(L, fg_cst_day(luaL_checkinteger(L, 1)));
    return 1;
}

static int fg_api_month(lua_State *L)
{
    lua_pushinteger(L, fg_cst_month(luaL_checkinteger(L, 1)));
    return 1;
}

static int fg_api_year(lua_State *L)
{
    lua_pushinteger(L, fg_cst_year(luaL_checkinteger(L, 1)));
    return 1;
}

static int fg_api_sod(lua_State *L)
{
    lua_pushinteger(L, fg_cst_second_of_day(luaL_checkinteger(L, 1)));
    return 1;
}

static int fg_api_fmt_time(lua_State *L)
{
    char out[20];
    fg_time_fmt(luaL_checkinteger(L, 1), out);
    lua_pushstring(L, out);
    return 1;
}

static int fg_api_fmt_day(lua_State *L)
{
    char out[11];
    fg_day_fmt(luaL_checkinteger(L, 1), out);
    lua_pushstring(L, out);
    return 1;
}

static int fg_api_fmt_month(lua_State *L)
{
    char out[8];
    fg_month_fmt(luaL_checkinteger(L, 1), out);
    lua_pushstring(L, out);
    return 1;
}

/* fg.age(brdy, t): whole years at the CST date of t, nil when brdy is
 * absent or not a date. */
static int fg_api_age(lua_State *L)
{
    size_t n;
    const char *s = lua_type(L, 1) == LUA_TSTRING ? lua_tolstring(L, 1, &n) : NULL;
    lua_Integer t = luaL_checkinteger(L, 2);
    int64_t birth;
    if (!s || fg_date_parse(s, n, &birth)) return 0;
    lua_pushinteger(L, fg_age_years(birth, fg_cst_day(t)));
    return 1;
}

static int64_t fg_check_fen(lua_State *L, int idx)
{
    if (lua_isinteger(L, idx)) return lua_tointeger(L, idx);
    double d = luaL_checknumber(L, idx);
    if (!isfinite(d) || fabs(d) > 9e15) luaL_argerror(L, idx, "amount out of range");
    return (int64_t)llround(d);
}

static int fg_api_yuan(lua_State *L)
{
    char out[32];
    fg_money_fmt(fg_check_fen(L, 1), out, sizeof out);
    lua_pushstring(L, out);
    return 1;
}

/* fg.key(a, b, ...): one store key from parts (joined by U+001F).  Built
 * in a stack buffer: keys are made on the hot path of most rules. */
static int fg_api_key(lua_State *L)
{
    int n = lua_gettop(L);
    char buf[512];
    size_t len = 0;
    for (int i = 1; i <= n; i++) {
        size_t l = 0;
        const char *s = "";
        int t = lua_type(L, i);
        if (t == LUA_TSTRING || t == LUA_TNUMBER) s = lua_tolstring(L, i, &l);
        else if (t != LUA_TNIL) s = luaL_tolstring(L, i, &l);
        if (len + l + 1 > sizeof buf) {
            /* a long key: the general path */
            luaL_Buffer b;
            lua_settop(L, n);
            luaL_buffinit(L, &b);
            for (int j = 1; j <= n; j++) {
                if (j > 1) luaL_addchar(&b, '\x1f');
                if (!lua_isnil(L, j)) {
                    luaL_tolstring(L, j, NULL);
                    luaL_addvalue(&b);
                }
            }
            luaL_pushresult(&b);
            return 1;
        }
        if (i > 1) buf[len++] = '\x1f';
        memcpy(buf + len, s, l);
        len += l;
    }
    lua_pushlstring(L, buf, len);
    return 1;
}

/* The separator argument: exactly one byte. */
static char fg_check_sep(lua_State *L, int idx)
{
    size_t n;
    const char *sep = luaL_checklstring(L, idx, &n);
    if (n != 1) luaL_argerror(L, idx, "the separator is one character");
    return sep[0];
}

/* fg.split(s, sep): the parts of s between single-character separators,
 * empty parts included; an empty or nil s has no parts. */
static int fg_api_split(lua_State *L)
{
    char sep = fg_check_sep(L, 2);
    size_t n = 0;
    const char *s = lua_isnil(L, 1) ? NULL : luaL_checklstring(L, 1, &n);
    lua_createtable(L, 4, 0);
    if (!n) return 1;
    lua_Integer k = 0;
    const char *p = s, *end = s + n;
    for (;;) {
        const char *q = memchr(p, sep, (size_t)(end - p));
        lua_pushlstring(L, p, (size_t)((q ? q : end) - p));
        lua_rawseti(L, -2, ++k);
        if (!q) break;
        p = q + 1;
    }
    return 1;
}

/* fg.cut(s, sep): the text before the first separator and the text after
 * it (nil when s has no separator). */
static int fg_api_cut(lua_State *L)
{
    char sep = fg_check_sep(L, 2);
    size_t n;
    const char *s = luaL_checklstring(L, 1, &n);
    const char *q = memchr(s, sep, n);
    if (!q) {
        lua_settop(L, 1);
        lua_pushnil(L);
        return 2;
    }
    lua_pushlstring(L, s, (size_t)(q - s));
    lua_pushlstring(L, q + 1, (size_t)(s + n - q - 1));
    return 2;
}

void fg_lapi_open(lua_State *L)
{
    luaL_newmetatable(L, "fg.event.cache");
    lua_pushcfunction(L, fg_event_load);
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);
    luaL_newmetatable(L, FG_EVENT_MT);
    lua_pushcfunction(L, fg_readonly);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, fg_event_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
    lua_newuserdatauv(L, 1, 0);
    luaL_setmetatable(L, FG_EVENT_MT);
    fg_lctx_of(L)->event_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    fg_lapi_new_event(L);

    luaL_newmetatable(L, FG_RECORD_MT);
    lua_pushcfunction(L, fg_record_index);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, fg_readonly);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, fg_record_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);

    static const luaL_Reg api[] = {
        {"stays", fg_api_stays},
        {"diagnoses", fg_api_diagnoses}, {"date", fg_api_date},
        {"day", fg_api_day},             {"month", fg_api_month},
        {"year", fg_api_year},           {"sod", fg_api_sod},
        {"fmt_time", fg_api_fmt_time},   {"fmt_day", fg_api_fmt_day},
        {"fmt_month", fg_api_fmt_month}, {"age", fg_api_age},
        {"yuan", fg_api_yuan},           {"key", fg_api_key},
        {"split", fg_api_split},         {"cut", fg_api_cut},
        {"diag_matches", fg_api_diag_matches},
        {"person_field", fg_api_person_field},
        {"institution_field", fg_api_institution_field},
        {"encounter_field", fg_api_encounter_field},
        {"has_stays", fg_api_has_stays},
        {NULL, NULL},
    };
    luaL_newlib(L, api);
    int fg = lua_gettop(L);
    static const luaL_Reg memo[] = {
        {"person", fg_api_person}, {"institution", fg_api_institution},
        {"encounter", fg_api_encounter}, {NULL, NULL},
    };
    for (const luaL_Reg *m = memo; m->name; m++) {
        lua_newtable(L);
        lua_pushinteger(L, -1);
        lua_pushcclosure(L, m->func, 2);
        lua_setfield(L, fg, m->name);
    }
    fg_lapi_open_state(L, fg);
    fg_lapi_open_catalog(L, fg);
    /* stdlib/fg.lua, compiled into the binary (build/stdlib_fg.c) */
    if (luaL_loadbufferx(L, (const char *)fg_stdlib_lua, fg_stdlib_lua_len, "=stdlib/fg.lua", "t") != LUA_OK) {
        fprintf(stderr, "fundguard: %s\n", lua_tostring(L, -1));
        abort();
    }
    fg_lua_env(L);
    lua_setupvalue(L, -2, 1);
    lua_pushvalue(L, fg);
    lua_call(L, 1, 0);
    lua_pushvalue(L, fg);
    lua_setfield(L, LUA_REGISTRYINDEX, "fg.api");
    fg_lua_sandbox_lib(L, "fg");
}

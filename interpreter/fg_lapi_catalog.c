/* fg_lapi_catalog — rule access to catalogs and PCRE2 patterns:
 * fg.drug, fg.item, fg.regex (see stdlib/README.md).
 *
 * Catalog rows are immutable, and a Lua state serves one catalog for its
 * life, so each row is turned into a Lua table once and cached (absent
 * codes too).  Patterns are compiled once per state and cached
 * by source text.  A match that exceeds a PCRE2 limit raises an error: the
 * rule fails visibly instead of reading the failure as "no match". */
#include "fg_lapi.h"
#include <lauxlib.h>
#include <string.h>

#define FG_REGEX_MT "fg.regex"

typedef struct fg_reud {
    fg_regex *re;
} fg_reud;

static void fg_push_regex(lua_State *L, fg_regex *re)
{
    fg_reud *u = lua_newuserdatauv(L, sizeof *u, 0);
    u->re = fg_regex_ref(re);
    luaL_setmetatable(L, FG_REGEX_MT);
}

static int fg_regex_gc(lua_State *L)
{
    fg_reud *u = luaL_checkudata(L, 1, FG_REGEX_MT);
    fg_regex_free(u->re);
    u->re = NULL;
    return 0;
}

/* fg.regex(pattern) -> compiled pattern (cached per state) */
static int fg_api_regex(lua_State *L)
{
    size_t n;
    const char *pat = luaL_checklstring(L, 1, &n);
    lua_getfield(L, LUA_REGISTRYINDEX, "fg.regex.cache");
    lua_pushvalue(L, 1);
    if (lua_rawget(L, -2) != LUA_TNIL) return 1;
    lua_pop(L, 1);
    char err[200];
    size_t off = 0;
    fg_regex *re = fg_regex_compile(pat, n, err, sizeof err, &off);
    if (!re) return luaL_error(L, "%s at offset %d of /%s/", err, (int)off, pat);
    fg_push_regex(L, re);
    fg_regex_free(re);                  /* the userdata holds the reference */
    lua_pushvalue(L, 1);
    lua_pushvalue(L, -2);
    lua_rawset(L, -4);
    return 1;
}

fg_regex *fg_lapi_check_regex(lua_State *L, int idx)
{
    return ((fg_reud *)luaL_checkudata(L, idx, FG_REGEX_MT))->re;
}

static int fg_regex_run(lua_State *L, int anchored)
{
    /* methods carry the metatable as upvalue 1 (cheaper than a lookup by name) */
    fg_reud *u = lua_touserdata(L, 1);
    int same = 0;
    if (u && lua_getmetatable(L, 1)) {
        same = lua_rawequal(L, -1, lua_upvalueindex(1));
        lua_pop(L, 1);
    }
    if (!same) luaL_typeerror(L, 1, "pattern");
    if (lua_isnoneornil(L, 2)) {
        lua_pushboolean(L, 0);
        return 1;
    }
    size_t n;
    const char *s = luaL_checklstring(L, 2, &n);
    fg_rematch *m = fg_lctx_of(L)->rm;
    int rc = fg_regex_match(u->re, m, s, n, anchored);
    if (rc < 0) return luaL_error(L, "%s", fg_rematch_error(m));
    lua_pushboolean(L, rc);
    return 1;
}

/* re:find(s): the pattern occurs anywhere in s */
static int fg_regex_find_l(lua_State *L) { return fg_regex_run(L, 0); }
/* re:starts(s): the pattern matches at the start of s (codes) */
static int fg_regex_starts_l(lua_State *L) { return fg_regex_run(L, 1); }

static int fg_regex_tostring(lua_State *L)
{
    fg_reud *u = luaL_checkudata(L, 1, FG_REGEX_MT);
    lua_pushfstring(L, "/%s/", fg_regex_source(u->re, NULL));
    return 1;
}

/* ---- catalog rows ---- */

static void fg_set_fen(lua_State *L, const char *k, int64_t v)
{
    if (v == FG_NONE) return;
    lua_pushinteger(L, v);
    lua_setfield(L, -2, k);
}

static void fg_set_num(lua_State *L, const char *k, double v)
{
    if (v == FG_NONE) return;
    if (v == (double)(lua_Integer)v) lua_pushinteger(L, (lua_Integer)v);
    else lua_pushnumber(L, v);
    lua_setfield(L, -2, k);
}

static void fg_set_list(lua_State *L, const char *k, char **v, uint32_t n)
{
    lua_createtable(L, (int)n, 0);
    for (uint32_t i = 0; i < n; i++) {
        lua_pushstring(L, v[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, k);
}

static void fg_push_drug(lua_State *L, const fg_drug *g)
{
    lua_createtable(L, 0, 10);
    lua_pushlstring(L, g->mk.key, g->mk.klen);
    lua_setfield(L, -2, "code");
    lua_pushstring(L, g->name);
    lua_setfield(L, -2, "name");
    if (*g->generic) {
        lua_pushstring(L, g->generic);
        lua_setfield(L, -2, "generic");
    }
    fg_set_fen(L, "max_price", g->max_price);
    fg_set_num(L, "min_hosp_lv", g->min_hosp_lv);
    fg_set_num(L, "max_prd_days", g->max_prd_days);
    lua_pushboolean(L, g->key_monitor);
    lua_setfield(L, -2, "key_monitor");
    if (g->diag) {
        fg_push_regex(L, g->diag);
        lua_setfield(L, -2, "diag");
        lua_pushstring(L, fg_regex_source(g->diag, NULL));
        lua_setfield(L, -2, "diag_pattern");
    }
}

static void fg_push_item(lua_State *L, const fg_item *it)
{
    lua_createtable(L, 0, 12);
    lua_pushlstring(L, it->mk.key, it->mk.klen);
    lua_setfield(L, -2, "code");
    lua_pushstring(L, it->name);
    lua_setfield(L, -2, "name");
    static const char *const lv[4] = {"max_price_lv0", "max_price_lv1", "max_price_lv2",
                                      "max_price_lv3"};
    for (int i = 0; i < 4; i++) fg_set_fen(L, lv[i], it->max_price[i]);
    fg_set_num(L, "max_per_day", it->max_per_day);
    if (it->sex) {
        lua_pushlstring(L, &it->sex, 1);
        lua_setfield(L, -2, "sex");
    }
    fg_set_list(L, "includes", it->includes, it->n_includes);
    fg_set_list(L, "included_by", it->included_by, it->n_included_by);
    lua_pushboolean(L, it->single_use);
    lua_setfield(L, -2, "single_use");
}

/* Looks code up in the closure's cache table (upvalue 1: a state's catalog
 * never changes, a new ruleset version gets a new state); builds the row
 * on a miss. */
static int fg_catalog_row(lua_State *L, int is_drug)
{
    if (lua_isnoneornil(L, 1)) return 0;
    size_t n;
    const char *code = luaL_checklstring(L, 1, &n);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    int t = lua_rawget(L, -2);
    if (t != LUA_TNIL) {
        if (t == LUA_TBOOLEAN) return 0;
        return 1;
    }
    lua_pop(L, 1);
    const fg_catalog *c = fg_lctx_of(L)->catalog;
    const void *row = NULL;
    if (c) row = is_drug ? (const void *)fg_catalog_drug(c, code, n)
                         : (const void *)fg_catalog_item(c, code, n);
    lua_pushvalue(L, 1);
    if (!row) lua_pushboolean(L, 0);
    else {
        if (is_drug) fg_push_drug(L, row);
        else fg_push_item(L, row);
        fg_lua_readonly(L);             /* shared by every rule of the state */
    }
    lua_pushvalue(L, -1);
    lua_insert(L, -3);
    lua_rawset(L, -4);
    if (!row) return 0;
    return 1;
}

/* fg.drug(code) -> drugs.csv row as a table, or nil */
static int fg_api_drug(lua_State *L) { return fg_catalog_row(L, 1); }
/* fg.item(code) -> items.csv row as a table, or nil */
static int fg_api_item(lua_State *L) { return fg_catalog_row(L, 0); }


void fg_lapi_open_catalog(lua_State *L, int fg)
{
    luaL_newmetatable(L, FG_REGEX_MT);
    static const luaL_Reg methods[] = {
        {"find", fg_regex_find_l}, {"starts", fg_regex_starts_l}, {NULL, NULL},
    };
    lua_newtable(L);
    lua_pushvalue(L, -2);
    luaL_setfuncs(L, methods, 1);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, fg_regex_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, fg_regex_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, "fg.regex.cache");
    lua_pushcfunction(L, fg_api_regex);
    lua_setfield(L, fg, "regex");
    lua_newtable(L);                    /* cache of drug rows */
    lua_pushcclosure(L, fg_api_drug, 1);
    lua_setfield(L, fg, "drug");
    lua_newtable(L);                    /* cache of item rows */
    lua_pushcclosure(L, fg_api_item, 1);
    lua_setfield(L, fg, "item");
}

/* fg_luajson — Lua values to deterministic JSON (see fg_luajson.h). */
#include "fg_luajson.h"
#include "fg_utf8.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FG_LUAJSON_DEPTH 16

static int fg_luajson_keycmp(const void *a, const void *b)
{
    const char *const *x = a, *const *y = b;
    return strcmp(*x, *y);
}

static void fg_luajson_value(lua_State *L, int idx, fg_buf *b, int depth);

static void fg_luajson_table(lua_State *L, int idx, fg_buf *b, int depth)
{
    if (depth > FG_LUAJSON_DEPTH) luaL_error(L, "evidence nested too deeply (or a cycle)");
    lua_Integer n = (lua_Integer)lua_rawlen(L, idx);
    lua_Integer count = 0;
    int only_strings = 1;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        count++;
        if (lua_type(L, -2) != LUA_TSTRING) only_strings = 0;
        lua_pop(L, 1);
    }
    if (count == 0) {
        fg_buf_put(b, "{}", 2);
        return;
    }
    if (count == n) {
        fg_buf_putc(b, '[');
        for (lua_Integer i = 1; i <= n; i++) {
            if (i > 1) fg_buf_putc(b, ',');
            lua_rawgeti(L, idx, i);
            fg_luajson_value(L, lua_gettop(L), b, depth + 1);
            lua_pop(L, 1);
        }
        fg_buf_putc(b, ']');
        return;
    }
    if (!only_strings) luaL_error(L, "evidence tables must be arrays or have string keys");
    const char **keys = lua_newuserdatauv(L, (size_t)count * sizeof *keys, 0);
    int keys_idx = lua_gettop(L);
    lua_Integer k = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        keys[k++] = lua_tostring(L, -2);   /* a key of idx: stays alive */
        lua_pop(L, 1);
    }
    qsort(keys, (size_t)count, sizeof *keys, fg_luajson_keycmp);
    fg_buf_putc(b, '{');
    for (lua_Integer i = 0; i < count; i++) {
        if (i) fg_buf_putc(b, ',');
        fg_buf_json_str(b, keys[i], strlen(keys[i]));
        fg_buf_putc(b, ':');
        lua_getfield(L, idx, keys[i]);
        fg_luajson_value(L, lua_gettop(L), b, depth + 1);
        lua_pop(L, 1);
    }
    fg_buf_putc(b, '}');
    lua_remove(L, keys_idx);
}

static void fg_luajson_value(lua_State *L, int idx, fg_buf *b, int depth)
{
    switch (lua_type(L, idx)) {
    case LUA_TNIL: fg_buf_put(b, "null", 4); return;
    case LUA_TBOOLEAN:
        if (lua_toboolean(L, idx)) fg_buf_put(b, "true", 4);
        else fg_buf_put(b, "false", 5);
        return;
    case LUA_TNUMBER: {
        char tmp[40];
        if (lua_isinteger(L, idx)) {
            snprintf(tmp, sizeof tmp, "%lld", (long long)lua_tointeger(L, idx));
        } else {
            double d = lua_tonumber(L, idx);
            if (!isfinite(d)) snprintf(tmp, sizeof tmp, "null");
            else snprintf(tmp, sizeof tmp, "%.15g", d);
        }
        fg_buf_puts(b, tmp);
        return;
    }
    case LUA_TSTRING: {
        size_t n;
        const char *s = lua_tolstring(L, idx, &n);
        fg_buf_json_str(b, s, n);
        return;
    }
    case LUA_TTABLE: fg_luajson_table(L, idx, b, depth); return;
    default: {
        /* Views and regexes print through __tostring; other values cannot. */
        if (luaL_getmetafield(L, idx, "__tostring") != LUA_TNIL) {
            lua_pop(L, 1);
            size_t n;
            const char *s = luaL_tolstring(L, idx, &n);
            fg_buf_json_str(b, s, n);
            lua_pop(L, 1);
            return;
        }
        luaL_error(L, "a %s cannot be put into evidence", luaL_typename(L, idx));
    }
    }
}

void fg_luajson_encode(lua_State *L, int idx, fg_buf *b)
{
    fg_luajson_value(L, lua_absindex(L, idx), b, 0);
}

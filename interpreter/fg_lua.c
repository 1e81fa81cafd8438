/* fg_lua — sandboxed Lua states (see fg_lua.h). */
#include "fg_lua.h"
#include <lauxlib.h>
#include <lualib.h>
#include <stdlib.h>
#include <string.h>

/* Registry keys (addresses are unique). */
static const char fg_lua_env_key = 'E';

static void *fg_lua_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    fg_luamem *m = ud;
    /* When ptr is NULL, osize encodes the kind of object, not a size. */
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        m->used -= old;
        return NULL;
    }
    if (nsize > old && m->limit && m->used - old + nsize > m->limit) {
        m->refused++;
        return NULL;
    }
    void *p = realloc(ptr, nsize);
    if (!p) return NULL;
    m->used = m->used - old + nsize;
    if (m->used > m->peak) m->peak = m->used;
    return p;
}

static int fg_lua_panic(lua_State *L)
{
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "fundguard: unprotected Lua error: %s\n", msg ? msg : "?");
    abort();
}

/* Notes which batched rule was running when a limit was first hit. */
static void fg_lua_note_culprit(lua_State *L, fg_luabudget *b)
{
    if (b->culprit_ref <= 0) return;
    lua_rawgeti(L, LUA_REGISTRYINDEX, b->culprit_ref);
    lua_rawgeti(L, -1, 0);
    b->culprit = lua_tointeger(L, -1);
    lua_pop(L, 2);
}

static void fg_lua_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    fg_luabudget *b = *(fg_luabudget **)lua_getextraspace(L);
    if (b->timed_out) {
        if (!b->exceeded) fg_lua_note_culprit(L, b);
        b->exceeded = 1;
        luaL_error(L, "time limit of %I ms exceeded (runaway rule?)", (lua_Integer)b->time_limit_ms);
    }
    if (b->limit <= 0) return;
    b->used += FG_LUA_HOOK_STEP;
    if (b->used > b->limit) {
        if (!b->exceeded) fg_lua_note_culprit(L, b);
        b->exceeded = 1;
        luaL_error(L, "instruction budget of %I exceeded (runaway rule?)", (lua_Integer)b->limit);
    }
}

/* The watchdog's signal: make the running Lua code stop at its next
 * instruction (lua_sethook may be called from a signal handler). */
static void fg_lua_interrupt(lua_State *L)
{
    fg_luabudget *b = *(fg_luabudget **)lua_getextraspace(L);
    b->timed_out = 1;
    lua_sethook(L, fg_lua_hook, LUA_MASKCOUNT, 1);
}

static void fg_lua_normal_hook(lua_State *L)
{
    fg_luabudget *b = *(fg_luabudget **)lua_getextraspace(L);
    if (b->limit > 0) lua_sethook(L, fg_lua_hook, LUA_MASKCOUNT, FG_LUA_HOOK_STEP);
    else lua_sethook(L, NULL, 0, 0);
}

/* A proxy whose reads go to the library and whose writes fail. */
static int fg_lua_readonly_newindex(lua_State *L)
{
    return luaL_error(L, "this table is read-only (tried to set '%s')",
                      luaL_tolstring(L, 2, NULL));
}

static int fg_lua_proxy_len(lua_State *L)
{
    lua_getmetatable(L, 1);
    lua_getfield(L, -1, "__index");
    lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
    return 1;
}

static int fg_lua_proxy_pairs(lua_State *L)
{
    lua_getglobal(L, "next");
    lua_getmetatable(L, 1);
    lua_getfield(L, -1, "__index");
    lua_remove(L, -2);
    lua_pushnil(L);
    return 3;
}

void fg_lua_readonly(lua_State *L)
{
    /* stack: table -> proxy; nested tables become proxies too */
    int t = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, t)) {
        if (lua_type(L, -1) == LUA_TTABLE) {
            fg_lua_readonly(L);
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_rawset(L, t);
        } else {
            lua_pop(L, 1);
        }
    }
    lua_newtable(L);                    /* proxy */
    lua_createtable(L, 0, 5);           /* metatable */
    lua_pushvalue(L, t);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, fg_lua_readonly_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, fg_lua_proxy_len);
    lua_setfield(L, -2, "__len");
    lua_pushcfunction(L, fg_lua_proxy_pairs);
    lua_setfield(L, -2, "__pairs");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_remove(L, t);
}

void fg_lua_env(lua_State *L)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, &fg_lua_env_key);
}

void fg_lua_sandbox_lib(lua_State *L, const char *name)
{
    fg_lua_readonly(L);
    fg_lua_env(L);
    lua_insert(L, -2);
    lua_setfield(L, -2, name);
    lua_pop(L, 1);
}

/* setmetatable without finalizers: a __gc would run rule code at an
 * arbitrary later moment, outside that rule's budget and error handling. */
static int fg_lua_setmetatable(lua_State *L)
{
    if (lua_type(L, 2) == LUA_TTABLE && lua_getfield(L, 2, "__gc") != LUA_TNIL)
        return luaL_error(L, "__gc metamethods are not allowed in rules");
    lua_settop(L, 2);
    luaL_checktype(L, 1, LUA_TTABLE);
    if (lua_getmetatable(L, 1)) {
        if (lua_getfield(L, -1, "__metatable") != LUA_TNIL)
            return luaL_error(L, "cannot change a protected metatable");
        lua_pop(L, 2);
    }
    lua_setmetatable(L, 1);
    return 1;
}

static void fg_lua_copy(lua_State *L, int from, int to, const char *const *names)
{
    for (; *names; names++) {
        lua_getfield(L, from, *names);
        lua_setfield(L, to, *names);
    }
}

lua_State *fg_lua_new(fg_luamem *mem, fg_luabudget *budget)
{
    lua_State *L = lua_newstate(fg_lua_alloc, mem);
    if (!L) return NULL;
    lua_atpanic(L, fg_lua_panic);
    *(fg_luabudget **)lua_getextraspace(L) = budget;

    luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
    luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 0);
    luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 0);
    luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 0);
    luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 0);
    /* stack: _G string table math utf8 */
    int g = lua_absindex(L, -5);

    lua_newtable(L);                    /* the sandbox environment */
    int env = lua_gettop(L);
    static const char *const base[] = {
        "assert", "error", "ipairs", "next", "pairs", "pcall", "rawequal", "rawget",
        "rawlen", "select", "tonumber", "tostring", "type", "xpcall", "getmetatable",
        "_VERSION", NULL,
    };
    fg_lua_copy(L, g, env, base);
    lua_pushcfunction(L, fg_lua_setmetatable);
    lua_setfield(L, env, "setmetatable");
    lua_pushvalue(L, env);
    lua_setfield(L, env, "_G");
    lua_pushvalue(L, env);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &fg_lua_env_key);

    /* string without the Lua pattern functions (no step limit inside C). */
    lua_newtable(L);
    static const char *const str[] = {
        "byte", "char", "format", "len", "lower", "rep", "reverse", "sub", "upper", NULL,
    };
    fg_lua_copy(L, g + 1, lua_gettop(L), str);
    lua_pushvalue(L, -1);
    fg_lua_sandbox_lib(L, "string");
    /* Method calls on strings ("x"):len() go through the string metatable:
     * point it at the reduced table and lock it. */
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushvalue(L, -3);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 3);

    lua_pushvalue(L, g + 2);
    fg_lua_sandbox_lib(L, "table");
    lua_newtable(L);
    static const char *const math[] = {
        "abs", "ceil", "floor", "fmod", "huge", "max", "maxinteger", "min", "mininteger",
        "modf", "pi", "sqrt", "tointeger", "type", "ult", "exp", "log", NULL,
    };
    fg_lua_copy(L, g + 3, lua_gettop(L), math);
    fg_lua_sandbox_lib(L, "math");
    lua_pushvalue(L, g + 4);
    fg_lua_sandbox_lib(L, "utf8");

    lua_settop(L, g - 1);
    /* The real globals keep only what the host itself needs. */
    static const char *const drop[] = {
        "dofile", "load", "loadfile", "require", "collectgarbage", "print", "rawset", NULL,
    };
    for (const char *const *d = drop; *d; d++) {
        lua_pushnil(L);
        lua_setglobal(L, *d);
    }
    fg_lua_normal_hook(L);
    if (budget->time_limit_ms > 0)
        fg_watchdog_add(&budget->wd, L, budget->time_limit_ms, fg_lua_interrupt);
    /* Rules make short-lived garbage (keys, small tables) on every event:
     * the generational collector handles that at a fraction of the cost. */
    lua_gc(L, LUA_GCGEN, 0, 0);
    return L;
}

void fg_lua_close(lua_State *L)
{
    if (!L) return;
    fg_luabudget *b = *(fg_luabudget **)lua_getextraspace(L);
    if (b->time_limit_ms > 0) fg_watchdog_remove(&b->wd);
    lua_close(L);
}

void fg_lua_plugin_env(lua_State *L)
{
    lua_newtable(L);
    lua_newtable(L);
    fg_lua_env(L);
    lua_setfield(L, -2, "__index");
    lua_setmetatable(L, -2);
}

int fg_lua_pcall(lua_State *L, int nargs, int nresults)
{
    fg_luabudget *b = *(fg_luabudget **)lua_getextraspace(L);
    int base = lua_gettop(L) - nargs - 1;
    b->used = 0;
    b->exceeded = 0;
    int timed = b->time_limit_ms > 0;
    if (timed) fg_watchdog_enter(&b->wd);
    int rc = lua_pcall(L, nargs, nresults, 0);
    if (timed) fg_watchdog_leave(&b->wd);
    if (b->timed_out) {
        /* the watchdog fired: take its hook away again */
        b->timed_out = 0;
        fg_lua_normal_hook(L);
        if (rc == LUA_OK) {
            lua_settop(L, base);
            lua_pushfstring(L, "time limit of %I ms exceeded (runaway rule?)",
                            (lua_Integer)b->time_limit_ms);
            rc = LUA_ERRRUN;
        }
    } else if (b->exceeded && rc == LUA_OK) {
        /* The rule swallowed the budget error with pcall: still a failure. */
        lua_settop(L, base);
        lua_pushfstring(L, "instruction budget of %I exceeded (runaway rule?)",
                        (lua_Integer)b->limit);
        rc = LUA_ERRRUN;
    }
    return rc;
}

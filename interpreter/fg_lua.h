/* fg_lua — one sandboxed Lua state: capped allocator, instruction budget,
 * and the global environment rules may see (DESIGN.md principle 5).
 *
 * Rules see only: the base functions that cannot reach outside the state
 * (no load, dofile, require, collectgarbage, print), string (pattern
 * functions replaced by the PCRE2-backed fg.regex), table, math (no random:
 * rules are deterministic), utf8, and fg, the host API.  Library tables are
 * read-only proxies so one rule cannot change what another calls, and the
 * string metatable is locked.  Each plugin gets its own _ENV whose misses
 * fall through to this shared environment. */
#ifndef FG_LUA_H
#define FG_LUA_H
#include "fg_watchdog.h"
#include <lua.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>

typedef struct fg_luamem {
    size_t used, limit, peak;
    int refused;            /* allocations refused by the cap since last reset */
} fg_luamem;

typedef struct fg_luabudget {
    int64_t limit;          /* VM instructions per protected call; 0: not counted */
    int64_t time_limit_ms;  /* wall time per protected call; 0: none */
    int64_t used;
    int exceeded;
    volatile sig_atomic_t timed_out;
    fg_wdslot wd;
    /* Batched rules: the registry ref of a table whose [0] says which rule
     * runs; read when the budget is first exceeded (the culprit). */
    int culprit_ref;
    int64_t culprit;
} fg_luabudget;

#define FG_LUA_HOOK_STEP 1000

/* Creates a state with the capped allocator and the sandbox environment in
 * the registry (see fg_lua_env).  NULL if even that does not fit.
 *
 * Runaway code is stopped in one of two ways, set in budget: an exact
 * instruction budget (limit > 0: a count hook on every instruction,
 * deterministic but it slows the VM down), and/or a time limit
 * (time_limit_ms > 0: free until a call overruns, see fg_watchdog). */
lua_State *fg_lua_new(fg_luamem *mem, fg_luabudget *budget);
void fg_lua_close(lua_State *L);
/* Pushes the shared sandbox environment table. */
void fg_lua_env(lua_State *L);
/* Pushes a fresh _ENV for one plugin (misses fall through to the sandbox). */
void fg_lua_plugin_env(lua_State *L);
/* lua_pcall under the instruction budget and the time limit; on error the
 * message is left on the stack as for lua_pcall.  Returns the lua_pcall
 * status, or LUA_ERRRUN when a limit was hit (even if the rule caught the
 * error). */
int fg_lua_pcall(lua_State *L, int nargs, int nresults);
/* Replaces the table on top of the stack by a read-only proxy (nested
 * tables too); reads, ipairs, pairs and # see through it. */
void fg_lua_readonly(lua_State *L);
/* Registers a read-only library table under name in the sandbox (pops it). */
void fg_lua_sandbox_lib(lua_State *L, const char *name);

#endif

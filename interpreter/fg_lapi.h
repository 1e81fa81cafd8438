/* fg_lapi — the host API that rules call: the `fg` table (stdlib/README.md
 * documents every function; stdlib/fg.lua adds the pure-Lua helpers).
 *
 * One fg_lctx per Lua state ties the state to the engine: the host state
 * the rules query, the catalog, the event being evaluated and a generation
 * number that makes views of records taken during one event unusable in the
 * next (records may be freed in between). */
#ifndef FG_LAPI_H
#define FG_LAPI_H
#include "fg_catalog.h"
#include "fg_event.h"
#include "fg_lua.h"
#include "fg_regex.h"
#include "fg_state.h"
#include <lua.h>

typedef struct fg_lctx {
    fg_luabudget budget;    /* first: the hook finds it through the extra space */
    fg_luamem mem;
    fg_state *state;
    const fg_catalog *catalog;
    const fg_event *ev;     /* event being evaluated, or NULL */
    uint64_t gen;           /* bumped for every event */
    fg_rematch *rm;
    int event_ref;          /* registry ref of the event view */
} fg_lctx;

static inline fg_lctx *fg_lctx_of(lua_State *L)
{
    return (fg_lctx *)*(fg_luabudget **)lua_getextraspace(L);
}

/* Adds the host API (`fg`) to the sandbox of L. */
void fg_lapi_open(lua_State *L);
/* Starts a new event: a fresh field cache behind the event view. */
void fg_lapi_new_event(lua_State *L);
/* Pushes the event view of the current event (one reused userdata). */
void fg_lapi_push_event(lua_State *L);
/* Pushes a JSON value as Lua (money fields as integer fen). */
void fg_lapi_push_json(lua_State *L, const fg_json *v, int fid);

/* The compiled pattern at idx (a fg.regex value), or a type error. */
fg_regex *fg_lapi_check_regex(lua_State *L, int idx);

/* Parts of the API, one file each. */
void fg_lapi_open_state(lua_State *L, int fg);     /* fg_lapi_store.c */
void fg_lapi_open_catalog(lua_State *L, int fg);   /* fg_lapi_catalog.c */

#endif

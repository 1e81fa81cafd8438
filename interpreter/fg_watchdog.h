/* fg_watchdog — stops rule code that runs too long, at no cost while it
 * does not.
 *
 * Lua's count hook is the only way into a running Lua loop, but with a
 * hook set the VM pays for it on every instruction (measured: the national
 * ruleset runs 15% slower, plain loops 2-3 times).  So by default no hook
 * is set.  A Lua state that enters a protected call publishes that it is
 * in a call and bumps a counter; one watchdog thread looks every few
 * milliseconds, and when the same call is still running after the time
 * limit, it signals the thread running it, whose signal handler sets a
 * count hook (lua_sethook is meant to be called from signal handlers;
 * fg_lua's fire function does it).  The hook then raises "time limit
 * exceeded" in the running code, and keeps raising should the code catch
 * it.  The exact, deterministic instruction budget (--budget) remains
 * available in fg_lua. */
#ifndef FG_WATCHDOG_H
#define FG_WATCHDOG_H
#include <lua.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>

typedef void (*fg_wd_fire_fn)(lua_State *L);   /* runs in a signal handler */

typedef struct fg_wdslot {
    lua_State *L;
    fg_wd_fire_fn fire;
    pthread_t thread;           /* the thread running the current call */
    atomic_uint calls;          /* protected calls entered */
    atomic_int in_call;
    atomic_uint fired_call;     /* the call the limit was hit in (+1), 0 none */
    unsigned seen_calls;        /* watchdog's view: calls at its last look */
    int64_t stalled_ms;
    int64_t limit_ms;
    struct fg_wdslot *next;
} fg_wdslot;

/* Registers a state (limit_ms > 0) with the watchdog, starting it; fire
 * is called, in the running thread's signal handler, when a call of L
 * overruns the limit. */
void fg_watchdog_add(fg_wdslot *s, lua_State *L, int64_t limit_ms, fg_wd_fire_fn fire);
void fg_watchdog_remove(fg_wdslot *s);
/* Around every protected call of the state. */
void fg_watchdog_enter(fg_wdslot *s);
/* Returns 1 when the time limit fired during the call. */
int fg_watchdog_leave(fg_wdslot *s);

#endif

/* fg_state — all host-owned state of one engine (DESIGN.md principle 1).
 *
 * Registries (persons, institutions), the encounter registry, and the named
 * stores rules create through the stdlib (key/value stores, windows, trace
 * code sets).  Rules never hold state themselves: when a ruleset is swapped,
 * stores are found again by name and keep their contents.  The watermark is
 * the latest event time seen; retention is measured back from it. */
#ifndef FG_STATE_H
#define FG_STATE_H
#include "fg_encounter.h"
#include "fg_event.h"
#include "fg_intern.h"
#include "fg_kv.h"
#include "fg_registry.h"
#include "fg_trace.h"
#include "fg_window.h"

typedef enum { FG_STORE_KV, FG_STORE_WINDOW, FG_STORE_TRACE } fg_store_kind;

typedef struct fg_store {
    fg_mkey mk;             /* name */
    fg_store_kind kind;
    int64_t retention;      /* window: entries; trace: codes after first settlement */
    union {
        fg_kv kv;
        fg_window win;
        fg_trace trace;
    } u;
    char kbuf[];
} fg_store;

typedef struct fg_state {
    fg_registry persons, insts;
    fg_encounters enc;
    fg_intern inst_ids;
    fg_map stores;
    int64_t watermark;
    uint64_t events;        /* events applied */
    /* Optional, for a host that loads a ruleset on another thread while
     * this state is in use (fg_serve): fg_state_store calls
     * store_guard(ud, 1) before and store_guard(ud, 0) after it touches
     * the stores. */
    void (*store_guard)(void *ud, int enter);
    void *store_guard_ud;
} fg_state;

#define FG_ENCOUNTER_RETENTION (400LL * 86400)

void fg_state_init(fg_state *s);
void fg_state_free(fg_state *s);
/* Forgets everything (registries, encounters, contents of every store)
 * but keeps the stores themselves, so handles held by rules stay valid. */
void fg_state_reset(fg_state *s);
/* Finds or creates a store; NULL if the name exists with another kind.
 * A larger retention than the store has widens it. */
fg_store *fg_state_store(fg_state *s, const char *name, size_t n, fg_store_kind kind,
                         int64_t retention);
/* Before rules run: advance the watermark, merge person/institution. */
void fg_state_before(fg_state *s, const fg_event *ev);
/* After rules ran: record encounters, sweep a little. */
void fg_state_after(fg_state *s, const fg_event *ev);
const char *fg_store_kind_name(fg_store_kind k);

#endif

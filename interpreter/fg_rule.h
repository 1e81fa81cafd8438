/* fg_rule — one loaded rule plugin: its metadata, parameters, version and
 * running counters.  Produced by fg_plugin (from a .lua file), owned by a
 * ruleset; the Lua side of a rule lives in each fg_vm. */
#ifndef FG_RULE_H
#define FG_RULE_H
#include "fg_event.h"
#include "fg_params.h"
#include <stddef.h>
#include <stdint.h>

typedef struct fg_rparam {
    char *name;
    fg_ptype type;
    char *deflt;            /* text of the plugin's default */
    char *value;            /* effective text (default or override) */
    char *doc;
} fg_rparam;

typedef struct fg_rule {
    char *path;             /* plugin file as named by the manifest */
    char *source;           /* file contents */
    size_t srclen;
    char *lua;              /* a .rule plugin: the Lua it compiles to (NULL for .lua) */
    size_t lualen;
    uint64_t uses_hash;     /* a .rule plugin: hash of the libraries it uses (0: none) */
    char *id, *title, *basis, *description;
    int severity;           /* FG_SEV_* */
    uint32_t on_mask;       /* bit per known fg_evtype */
    char **on_names;        /* every type listened to, as written */
    size_t n_on;
    int on_alerts;          /* listens to the alerts of other rules */
    int *requires;          /* event fields that must be present and non-empty */
    size_t nrequires;
    fg_rparam *params;
    size_t nparams;
    char version[17];       /* content hash of source + effective parameters */
    size_t index;           /* position in the ruleset */
    /* counters, updated by the engine */
    uint64_t evals, fired, errors, nanos;
} fg_rule;

void fg_rule_free(fg_rule *r);
/* Does the rule listen to this event?  (unknown types by name) */
int fg_rule_listens(const fg_rule *r, const fg_event *ev);
/* Are the fields the rule requires present (not null, not "" or [])?
 * A rule is not run on an event that lacks them. */
int fg_rule_ready(const fg_rule *r, const fg_event *ev);
/* Recomputes version from source and effective parameter values. */
void fg_rule_compute_version(fg_rule *r);

#endif

/* fg_vm — the Lua side of a ruleset: one sandboxed Lua state with every
 * rule's plugin loaded, and the protected call that runs one rule on one
 * event and turns what it returns into alerts.
 *
 * A ruleset has one vm per worker thread.  A rule that raises an error,
 * exceeds its instruction budget or the state's memory cap produces an
 * error message and no alerts; the next rule runs normally. */
#ifndef FG_VM_H
#define FG_VM_H
#include "fg_alert.h"
#include "fg_buf.h"
#include "fg_catalog.h"
#include "fg_diag.h"
#include "fg_lapi.h"
#include "fg_rule.h"
#include "fg_state.h"

typedef struct fg_limits {
    int64_t budget;         /* VM instructions per rule call, exact; 0: not counted */
    int64_t time_limit_ms;  /* wall time per rule call; 0: none */
    size_t lua_memory;      /* bytes per Lua state */
    fg_relimits re;
} fg_limits;

void fg_limits_default(fg_limits *lim);

typedef struct fg_vm {
    lua_State *L;
    fg_lctx cx;
    size_t nrules;
    int *check_ref, *params_ref, *decl_ref;
    int invoke_ref;         /* the protected wrapper closure, made once */
    int convert_ref;        /* the protected converter of one rule's result */
    int batch_ref[FG_EV__COUNT];   /* dispatcher of the rules of each type */
    int out_ref;            /* results of a batch: [i] rule i's, [0] the rule running */
    fg_buf scratch;
    fg_alertv *out;         /* where the running rule's alerts go */
    const fg_rule *rule;    /* the running rule */
    char err[512];
} fg_vm;

fg_vm *fg_vm_new(fg_state *st, const fg_catalog *cat, const fg_limits *lim, size_t nrules);
void fg_vm_free(fg_vm *vm);
/* Loads r's plugin source into the vm.  With fill, copies the declaration
 * into r (first load); otherwise checks it declares the same id. */
int fg_vm_load(fg_vm *vm, fg_rule *r, int fill, fg_diag *d);
/* Builds r's parameter table from the effective values, then calls the
 * plugin's setup(p) if it declares one (stores whose retention depends on
 * a parameter are opened there). */
int fg_vm_bind_params(fg_vm *vm, const fg_rule *r, fg_diag *d);
/* Sets the event rules will see (and bumps the view generation). */
void fg_vm_set_event(fg_vm *vm, const fg_event *ev);
/* Builds, for every known event type, the dispatcher that runs all the
 * rules listening to it in one protected call (after all rules are loaded
 * and bound; by_type as in fg_ruleset). */
int fg_vm_build_batches(fg_vm *vm, fg_rule *const *rules, size_t *const *by_type,
                        const size_t *n_by_type, fg_diag *d);
/* Runs the rules rules[idx[0..n)] listening to the current event's type t
 * (those with their bit set in mask; rules after the 64th always run)
 * in one protected call; alerts are appended to out in rule order.  A rule
 * that fails is reported through fail(ud, its position in idx, message)
 * and the next one runs.  The instruction budget covers the event (it is
 * renewed after a failure). */
typedef void (*fg_vm_fail_fn)(void *ud, size_t pos, const char *msg);
void fg_vm_run_batch(fg_vm *vm, int t, fg_rule *const *rules, const size_t *idx, size_t n,
                     uint64_t mask, fg_alertv *out, fg_vm_fail_fn fail, void *ud);
/* Runs r on the current event; alerts are appended to out.  With
 * prior != NULL the rule listens to alerts and gets them as a third
 * argument.  0, or -1 with vm->err describing the failure. */
int fg_vm_run(fg_vm *vm, const fg_rule *r, fg_alertv *out, const fg_alertv *prior);

#endif

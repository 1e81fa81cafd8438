/* fg_ruleset — one compiled, checked version of a ruleset: its rules (in
 * manifest order), effective parameters, catalog, and the first vm.
 *
 * Loading is all-or-nothing (DESIGN.md principle 4): every error of the
 * manifest, the plugins, the overrides and the catalog is reported, and a
 * ruleset with any error is not returned, so a bad version never goes
 * live. */
#ifndef FG_RULESET_H
#define FG_RULESET_H
#include "fg_catalog.h"
#include "fg_diag.h"
#include "fg_rule.h"
#include "fg_state.h"
#include "fg_vm.h"

typedef struct fg_ruleset {
    char *name;
    char *source;           /* ruleset folder or manifest file given */
    char *catalog_dir;
    fg_catalog *catalog;
    fg_rule **rules;
    size_t nrules;
    size_t *by_type[FG_EV__COUNT];  /* rule indexes per known type */
    size_t n_by_type[FG_EV__COUNT];
    size_t *listeners;              /* rules listening to "alerts" */
    size_t n_listeners;
    int has_unknown;                /* some rule listens to a type we do not know */
    char version[17];               /* hash of rule versions and catalog */
    fg_limits limits;
    fg_vm *vm;                      /* first vm (worker 0) */
} fg_ruleset;

/* path: a ruleset folder (holding `manifest`, or plugins to scan) or a
 * manifest file.  catalog: overrides the manifest's catalog folder. */
fg_ruleset *fg_ruleset_load(const char *path, const char *catalog, fg_state *st,
                            const fg_limits *lim, fg_diag *d);
/* The same, with extra "set RULE.PARAM = VALUE" overrides applied after
 * the manifest's (fixtures use this). */
struct fg_moverride;
fg_ruleset *fg_ruleset_load_ex(const char *path, const char *catalog,
                               const struct fg_moverride *extra, size_t nextra, fg_state *st,
                               const fg_limits *lim, fg_diag *d);
void fg_ruleset_free(fg_ruleset *rs);
/* Another vm for the same ruleset (a worker). */
fg_vm *fg_ruleset_new_vm(const fg_ruleset *rs, fg_state *st, fg_diag *d);
const fg_rule *fg_ruleset_find(const fg_ruleset *rs, const char *id);

#endif

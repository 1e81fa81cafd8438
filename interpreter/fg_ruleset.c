/* fg_ruleset — loading and checking a ruleset version (see fg_ruleset.h). */
#include "fg_ruleset.h"
#include "fg_dsl.h"
#include "fg_file.h"
#include "fg_hash.h"
#include "fg_manifest.h"
#include "fg_mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fg_ruleset_free(fg_ruleset *rs)
{
    if (!rs) return;
    fg_vm_free(rs->vm);
    for (size_t i = 0; i < rs->nrules; i++) fg_rule_free(rs->rules[i]);
    free(rs->rules);
    for (int t = 0; t < FG_EV__COUNT; t++) free(rs->by_type[t]);
    free(rs->listeners);
    fg_catalog_free(rs->catalog);
    free(rs->name);
    free(rs->source);
    free(rs->catalog_dir);
    free(rs);
}

const fg_rule *fg_ruleset_find(const fg_ruleset *rs, const char *id)
{
    for (size_t i = 0; i < rs->nrules; i++)
        if (rs->rules[i]->id && !strcmp(rs->rules[i]->id, id)) return rs->rules[i];
    return NULL;
}

static fg_rparam *fg_rule_param(fg_rule *r, const char *name)
{
    for (size_t i = 0; i < r->nparams; i++)
        if (!strcmp(r->params[i].name, name)) return &r->params[i];
    return NULL;
}

static void fg_apply_override(fg_rule *r, const fg_moverride *o, const char *mpath, fg_diag *d)
{
    fg_rparam *p = fg_rule_param(r, o->name);
    if (!p) {
        char hint[300] = "this rule has no parameters";
        if (r->nparams) {
            size_t k = (size_t)snprintf(hint, sizeof hint, "parameters of %s:", r->id);
            for (size_t i = 0; i < r->nparams && k < sizeof hint - 40; i++)
                k += (size_t)snprintf(hint + k, sizeof hint - k, " %s", r->params[i].name);
        }
        fg_diag_error(d, mpath, o->line, o->col, NULL, 0, hint, "rule %s has no parameter '%s'",
                      r->id, o->name);
        return;
    }
    const char *why = fg_param_check(p->type, o->value);
    if (why) {
        fg_diag_error(d, mpath, o->line, o->col, NULL, 0, NULL, "%s.%s = %s: %s (type %s)", r->id,
                      o->name, o->value, why, fg_ptype_name(p->type));
        return;
    }
    free(p->value);
    p->value = fg_xstrdup(o->value);
}

static fg_manifest *fg_ruleset_manifest(const char *path, fg_diag *d)
{
    if (fg_file_is_dir(path)) {
        char *mp = fg_path_join(path, "manifest");
        fg_manifest *m = fg_file_exists(mp) ? fg_manifest_load(mp, d) : fg_manifest_scan(path, d);
        free(mp);
        return m;
    }
    if (!fg_file_exists(path)) {
        fg_diag_error(d, path, 0, 0, NULL, 0, "give --ruleset a ruleset folder or its manifest",
                      "no such ruleset");
        return NULL;
    }
    return fg_manifest_load(path, d);
}

static void fg_ruleset_index(fg_ruleset *rs)
{
    for (size_t i = 0; i < rs->nrules; i++) {
        fg_rule *r = rs->rules[i];
        for (int t = 0; t < FG_EV__COUNT; t++) {
            if (!((r->on_mask >> t) & 1)) continue;
            rs->by_type[t] = fg_xrealloc(rs->by_type[t], (rs->n_by_type[t] + 1) * sizeof(size_t));
            rs->by_type[t][rs->n_by_type[t]++] = i;
        }
        if (r->on_alerts) {
            rs->listeners = fg_xrealloc(rs->listeners, (rs->n_listeners + 1) * sizeof(size_t));
            rs->listeners[rs->n_listeners++] = i;
        }
        for (size_t k = 0; k < r->n_on; k++)
            if (strcmp(r->on_names[k], "alerts") &&
                fg_evtype_lookup(r->on_names[k], strlen(r->on_names[k])) == FG_EV_UNKNOWN)
                rs->has_unknown = 1;
    }
}

fg_ruleset *fg_ruleset_load(const char *path, const char *catalog, fg_state *st,
                            const fg_limits *lim, fg_diag *d)
{
    return fg_ruleset_load_ex(path, catalog, NULL, 0, st, lim, d);
}

static void fg_apply_sets(fg_ruleset *rs, const fg_moverride *sets, size_t n, const char *where,
                          fg_diag *d)
{
    for (size_t k = 0; k < n; k++) {
        const fg_moverride *o = &sets[k];
        fg_rule *r = NULL;
        for (size_t i = 0; i < rs->nrules; i++)
            if (rs->rules[i]->id && !strcmp(rs->rules[i]->id, o->rule_id)) r = rs->rules[i];
        if (!r) {
            fg_diag_error(d, where, o->line, o->col, NULL, 0, "name a rule listed in the ruleset",
                          "no rule '%s' in this ruleset", o->rule_id);
            continue;
        }
        fg_apply_override(r, o, where, d);
    }
}

fg_ruleset *fg_ruleset_load_ex(const char *path, const char *catalog,
                               const fg_moverride *extra, size_t nextra, fg_state *st,
                               const fg_limits *lim, fg_diag *d)
{
    int before = d->errors;
    fg_manifest *m = fg_ruleset_manifest(path, d);
    if (!m) return NULL;
    fg_ruleset *rs = fg_xcalloc(1, sizeof *rs);
    rs->name = fg_xstrdup(m->name);
    rs->source = fg_xstrdup(path);
    rs->limits = *lim;
    rs->catalog_dir = fg_xstrdup(catalog ? catalog : m->catalog ? m->catalog : "");
    if (*rs->catalog_dir) {
        rs->catalog = fg_catalog_load(rs->catalog_dir, d);
    } else {
        fg_diag_warn(d, m->path, 0, 0, "no catalog folder: catalog checks see empty tables");
    }
    rs->rules = fg_xcalloc(m->nrules ? m->nrules : 1, sizeof *rs->rules);
    rs->vm = fg_vm_new(st, rs->catalog, lim, m->nrules);
    if (!rs->vm) {
        fg_diag_error(d, path, 0, 0, NULL, 0, NULL, "cannot create a Lua state (memory cap too low?)");
        fg_manifest_free(m);
        fg_ruleset_free(rs);
        return NULL;
    }
    for (size_t i = 0; i < m->nrules; i++) {
        fg_rule *r = fg_xcalloc(1, sizeof *r);
        r->path = fg_xstrdup(m->rules[i].path);
        r->index = rs->nrules;
        rs->rules[rs->nrules++] = r;
        char err[128];
        r->source = fg_file_read(r->path, &r->srclen, err, sizeof err);
        if (!r->source) {
            fg_diag_error(d, m->path, m->rules[i].line, m->rules[i].col, NULL, 0, NULL,
                          "cannot read rule plugin %s: %s", r->path, err);
            continue;
        }
        if (fg_dsl_is_rule_path(r->path)) {
            fg_buf lua;
            fg_buf_init(&lua);
            int bad = fg_dsl_compile_ex(r->path, r->source, r->srclen, 0, &lua, &r->uses_hash, d);
            r->lua = lua.p;
            r->lualen = lua.len;
            if (bad) continue;
        }
        if (fg_vm_load(rs->vm, r, 1, d)) continue;
        const fg_rule *dup = fg_ruleset_find(rs, r->id);
        if (dup && dup != r) {
            fg_diag_error(d, r->path, 1, 1, NULL, 0, "every rule id appears once in a ruleset",
                          "rule id '%s' is also declared by %s", r->id, dup->path);
            continue;
        }
        for (size_t k = 0; k < m->rules[i].nov; k++)
            fg_apply_override(r, &m->rules[i].ov[k], m->path, d);
    }
    fg_apply_sets(rs, m->sets, m->nsets, m->path, d);
    if (nextra) fg_apply_sets(rs, extra, nextra, "fixture", d);
    fg_manifest_free(m);
    if (d->errors > before) {
        fg_ruleset_free(rs);
        return NULL;
    }
    uint64_t h = rs->catalog ? rs->catalog->hash : 0;
    for (size_t i = 0; i < rs->nrules; i++) {
        fg_rule *r = rs->rules[i];
        fg_rule_compute_version(r);
        fg_vm_bind_params(rs->vm, r, d);
        h = fg_hash64(r->version, 16, h);
    }
    fg_hash_hex(h, rs->version);
    if (d->errors > before) {
        fg_ruleset_free(rs);
        return NULL;
    }
    fg_ruleset_index(rs);
    if (fg_vm_build_batches(rs->vm, rs->rules, rs->by_type, rs->n_by_type, d)) {
        fg_ruleset_free(rs);
        return NULL;
    }
    return rs;
}

fg_vm *fg_ruleset_new_vm(const fg_ruleset *rs, fg_state *st, fg_diag *d)
{
    fg_vm *vm = fg_vm_new(st, rs->catalog, &rs->limits, rs->nrules);
    if (!vm) return NULL;
    for (size_t i = 0; i < rs->nrules; i++) {
        if (fg_vm_load(vm, rs->rules[i], 0, d) || fg_vm_bind_params(vm, rs->rules[i], d)) {
            fg_vm_free(vm);
            return NULL;
        }
    }
    if (fg_vm_build_batches(vm, rs->rules, rs->by_type, rs->n_by_type, d)) {
        fg_vm_free(vm);
        return NULL;
    }
    return vm;
}

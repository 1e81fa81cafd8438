/* fg_manifest — the ruleset manifest: which plugins a ruleset runs, the
 * parameter overrides, and its catalog folder (docs/rulesets.md).
 *
 *     # rulesets/national/manifest
 *     ruleset national
 *     catalog catalog
 *     rule ../../plugins/inpatient/split_admission.lua
 *         window = 20d                  # override for the rule above
 *     set trace_code_reuse.memory = 1095d
 *
 * Paths are relative to the manifest's folder.  Values are raw text, or a
 * "quoted string", or a /regex/. */
#ifndef FG_MANIFEST_H
#define FG_MANIFEST_H
#include "fg_diag.h"
#include <stddef.h>

typedef struct fg_moverride {
    char *rule_id;          /* NULL: applies to the rule it is indented under */
    char *name, *value;
    size_t line, col;
} fg_moverride;

typedef struct fg_mrule {
    char *path;             /* resolved against the manifest folder */
    size_t line, col;
    fg_moverride *ov;
    size_t nov;
} fg_mrule;

typedef struct fg_manifest {
    char *path, *dir;
    char *name;
    char *catalog;          /* resolved, or NULL */
    fg_mrule *rules;
    size_t nrules;
    fg_moverride *sets;     /* "set id.name = value" */
    size_t nsets;
} fg_manifest;

/* Parses path; NULL when errors were reported into d. */
fg_manifest *fg_manifest_load(const char *path, fg_diag *d);
/* A manifest listing every *.lua and *.rule plugin of dir (sorted; NAME.rule
 * replaces a NAME.lua beside it; *.lib.rule are libraries, not plugins),
 * catalog dir/catalog. */
fg_manifest *fg_manifest_scan(const char *dir, fg_diag *d);
void fg_manifest_free(fg_manifest *m);

#endif

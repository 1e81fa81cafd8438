/* fg_cmd_check — `fundguard check PATH...`: compiles and loads rules
 * without running them, the way CI and policy staff check their work.
 *
 * PATH is a .rule or .lua plugin (compiled, loaded into a sandboxed Lua
 * state, its declaration and parameter defaults checked), a library of
 * lists and macros (*.lib.rule), or a ruleset folder or manifest (loaded
 * exactly as `run` would: every plugin, override and the catalog).  Every
 * error of every path is printed; the exit status is 0 when there is none,
 * 2 otherwise. */
#include "fg_cli.h"
#include "fg_dsl.h"
#include "fg_file.h"
#include "fg_mem.h"
#include "fg_ruleset.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char fg_check_help[] =
    "usage: fundguard check [--catalog DIR] PATH...\n"
    "\n"
    "Checks rules without running them.  PATH is a rule plugin (.rule or .lua),\n"
    "a library of lists and macros (.lib.rule), or a ruleset folder or manifest\n"
    "(every plugin, parameter override and the catalog are loaded as `run`\n"
    "would).  Errors are printed as FILE:LINE:COL: error: ... with the source\n"
    "line, a caret and a hint.  Exit status 0 when every path is fine, 2 when\n"
    "there is an error.\n"
    "\n"
    "  --catalog DIR        catalog folder for rulesets (default: the manifest's)\n"
    "  --quiet              print errors only, not one line per path checked\n";

/* One plugin file: compile (for .rule) and load it into a fresh vm. */
static void fg_check_plugin(const char *path, fg_state *st, const fg_limits *lim, fg_diag *d)
{
    fg_rule *r = fg_xcalloc(1, sizeof *r);
    r->path = fg_xstrdup(path);
    char err[128];
    r->source = fg_file_read(path, &r->srclen, err, sizeof err);
    if (!r->source) {
        fg_diag_error(d, path, 0, 0, NULL, 0, NULL, "cannot read: %s", err);
        fg_rule_free(r);
        return;
    }
    size_t n = strlen(path);
    if (fg_dsl_is_rule_path(path)) {
        fg_buf lua;
        fg_buf_init(&lua);
        int bad = fg_dsl_compile_ex(path, r->source, r->srclen, 0, &lua, &r->uses_hash, d);
        r->lua = lua.p;
        r->lualen = lua.len;
        /* a library has nothing to load */
        if (bad || (n > 9 && !strcmp(path + n - 9, ".lib.rule")) || !r->lua || !strncmp(r->lua, "-- a library", 12)) {
            fg_rule_free(r);
            return;
        }
    }
    fg_vm *vm = fg_vm_new(st, NULL, lim, 1);
    if (!vm) {
        fg_diag_error(d, path, 0, 0, NULL, 0, NULL, "cannot create a Lua state");
        fg_rule_free(r);
        return;
    }
    if (!fg_vm_load(vm, r, 1, d)) {
        fg_rule_compute_version(r);
        fg_vm_bind_params(vm, r, d);
    }
    fg_vm_free(vm);
    fg_rule_free(r);
}

int fg_cmd_check(int argc, char **argv)
{
    fg_engine_opts eo;
    fg_engine_opts_default(&eo);
    int quiet = 0, npaths = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(fg_check_help, stdout);
            return 0;
        }
        if (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q")) {
            quiet = 1;
            continue;
        }
        const char *v = fg_opt_value(argc, argv, &i, "--catalog");
        if (v) {
            if (!*v) return 2;
            eo.catalog = v;
            continue;
        }
        if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "fundguard check: unknown option '%s' (see fundguard check --help)\n", argv[i]);
            return 2;
        }
        npaths++;
    }
    if (!npaths) {
        fputs(fg_check_help, stderr);
        return 2;
    }
    int failed = 0;
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-' && argv[i][1]) {
            if (!strcmp(argv[i], "--catalog")) i++;
            continue;
        }
        const char *path = argv[i];
        fg_diag d;
        fg_diag_init(&d);
        fg_state st;
        fg_state_init(&st);
        size_t n = strlen(path);
        int is_plugin = fg_dsl_is_rule_path(path) || (n > 4 && !strcmp(path + n - 4, ".lua"));
        if (is_plugin) {
            fg_check_plugin(path, &st, &eo.limits, &d);
        } else if (fg_file_exists(path)) {
            fg_ruleset *rs = fg_ruleset_load(path, eo.catalog, &st, &eo.limits, &d);
            fg_ruleset_free(rs);
        } else {
            fg_diag_error(&d, path, 0, 0, NULL, 0, "give a .rule or .lua file, or a ruleset folder or manifest",
                          "no such file or folder");
        }
        fg_state_free(&st);
        if (d.text.len) fwrite(d.text.p, 1, d.text.len, stderr);
        if (d.errors) failed = 1;
        else if (!quiet) printf("%s: ok\n", path);
        fg_diag_free(&d);
    }
    return failed ? 2 : 0;
}

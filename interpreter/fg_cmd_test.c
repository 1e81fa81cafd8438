/* fg_cmd_test — `fundguard test`: runs fixture files against a ruleset
 * and prints TAP, one test point per fixture (docs/fixtures.md).
 *
 * Every fixture starts from empty host state.  Its @expect lines must each
 * match one alert (rule_id and event_id, plus every other field given);
 * any other alert of the rules in scope is a failure too, so fixtures
 * prove both that a rule fires and that it stays quiet. */
#include "fg_cli.h"
#include "fg_engine.h"
#include "fg_file.h"
#include "fg_fixture.h"
#include "fg_mem.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char fg_test_help[] =
    "usage: fundguard test [--ruleset DIR] [--catalog DIR] [options] [PATH...]\n"
    "\n"
    "Runs fixtures (files *.fixture: events and the alerts they must raise) and\n"
    "prints the result as TAP: one test point per fixture; exit status 1 when a\n"
    "fixture fails.\n"
    "\n"
    "PATH may be a fixture file, a folder (searched for *.fixture), or a ruleset\n"
    "folder: then that ruleset is used and its fixtures are run (NAME.fixture\n"
    "beside each plugin NAME.lua, and the ruleset's fixtures/ folder).  Without\n"
    "PATH, the fixtures of the --ruleset are run.\n"
    "\n"
    "  --verbose            show every alert of a failing fixture\n"
    "%s";

/* A loaded configuration (ruleset + catalog + overrides), reused across
 * fixtures that name the same one. */
typedef struct fg_tconf {
    char *key;
    fg_state state;
    fg_ruleset *rs;
    char *diag;
} fg_tconf;

typedef struct fg_tctx {
    const char *src;
    fg_engine eng;
    long input_errors;
    fg_buf notes;
} fg_tctx;

static void fg_test_input_error(void *ud, const char *src, uint64_t line, const char *msg,
                                const char *raw, size_t rawlen)
{
    fg_tctx *t = ud;
    t->input_errors++;
    fg_buf_printf(&t->notes, "# input error %s:%llu: %s\n", src, (unsigned long long)line, msg);
}

static void fg_test_rule_error(void *ud, const fg_rule *r, const fg_event *ev, const char *msg)
{
    fg_tctx *t = ud;
    fg_buf_printf(&t->notes, "# rule %s failed on %.*s: %s\n", r->id, (int)ev->id_len, ev->id, msg);
}

static int fg_json_match(const fg_json *exp, const fg_json *act)
{
    if (!act) return 0;
    if ((exp->type == FG_JTRUE || exp->type == FG_JFALSE) && exp->type != act->type) return 0;
    if (exp->type != act->type) {
        return 0;
    }
    switch (exp->type) {
    case FG_JNUM: return fabs(fg_json_f64(exp) - fg_json_f64(act)) < 1e-9;
    case FG_JSTR: return exp->n == act->n && !memcmp(exp->u.s, act->u.s, exp->n);
    case FG_JARR:
        if (exp->n != act->n) return 0;
        for (uint32_t i = 0; i < exp->n; i++)
            if (!fg_json_match(&exp->u.a[i], &act->u.a[i])) return 0;
        return 1;
    case FG_JOBJ:
        for (uint32_t i = 0; i < exp->n; i++)
            if (!fg_json_match(&exp->u.o[i].v, fg_json_get(act, exp->u.o[i].k, exp->u.o[i].klen)))
                return 0;
        return 1;
    default: return 1;
    }
}

static int fg_same_str(const fg_json *a, const fg_json *b)
{
    return a && b && a->type == FG_JSTR && b->type == FG_JSTR && a->n == b->n &&
           !memcmp(a->u.s, b->u.s, a->n);
}

static int fg_in_scope(const fg_fixture *f, const fg_json *alert)
{
    if (!f->nrules) return 1;
    const fg_json *id = fg_json_get(alert, "rule_id", 7);
    for (size_t i = 0; i < f->nrules; i++)
        if (id && id->type == FG_JSTR && strlen(f->rules[i]) == id->n &&
            !memcmp(f->rules[i], id->u.s, id->n))
            return 1;
    return 0;
}

/* Compares the alert lines in out with the fixture's expectations. */
static int fg_test_compare(const fg_fixture *f, fg_buf *out, fg_buf *notes, int verbose)
{
    fg_arena arena;
    fg_arena_init(&arena);
    fg_jparser jp;
    fg_jparser_init(&jp, &arena);
    size_t nact = 0;
    fg_json *act = NULL;
    const char **act_text = NULL;
    size_t *act_len = NULL;
    char *p = out->p, *end = out->p + out->len;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t l = (size_t)((nl ? nl : end) - p);
        fg_json j;
        fg_jerr e;
        if (fg_json_parse(&jp, p, l, &j, &e) == 0 && fg_in_scope(f, &j)) {
            act = fg_xrealloc(act, (nact + 1) * sizeof *act);
            act_text = fg_xrealloc(act_text, (nact + 1) * sizeof *act_text);
            act_len = fg_xrealloc(act_len, (nact + 1) * sizeof *act_len);
            act[nact] = j;
            act_text[nact] = p;
            act_len[nact++] = l;
        }
        p = nl ? nl + 1 : end;
    }
    char *used = fg_xcalloc(nact + 1, 1);
    int ok = 1;
    for (size_t i = 0; i < f->nexpects; i++) {
        fg_json exp;
        fg_jerr e;
        const fg_fline *x = &f->expects[i];
        if (fg_json_parse(&jp, x->text, strlen(x->text), &exp, &e) || exp.type != FG_JOBJ) {
            fg_buf_printf(notes, "# %s:%zu: @expect needs a JSON object (%s)\n", f->file, x->line,
                          exp.type != FG_JOBJ ? "not an object" : e.msg);
            ok = 0;
            continue;
        }
        const fg_json *rid = fg_json_get(&exp, "rule_id", 7), *eid = fg_json_get(&exp, "event_id", 8);
        size_t found = nact, near = nact;
        for (size_t k = 0; k < nact && found == nact; k++) {
            if (used[k]) continue;
            if (rid && !fg_same_str(rid, fg_json_get(&act[k], "rule_id", 7))) continue;
            if (eid && !fg_same_str(eid, fg_json_get(&act[k], "event_id", 8))) continue;
            near = k;
            if (fg_json_match(&exp, &act[k])) found = k;
        }
        if (found < nact) {
            used[found] = 1;
            continue;
        }
        ok = 0;
        fg_buf_printf(notes, "# %s:%zu: expected alert not raised: %s\n", f->file, x->line, x->text);
        if (near < nact)
            fg_buf_printf(notes, "#   closest alert differs: %.*s\n", (int)act_len[near], act_text[near]);
    }
    for (size_t k = 0; k < nact; k++) {
        if (used[k]) continue;
        ok = 0;
        const fg_json *rid = fg_json_get(&act[k], "rule_id", 7), *eid = fg_json_get(&act[k], "event_id", 8);
        fg_buf_printf(notes, "# unexpected alert %.*s on %.*s\n", rid ? (int)rid->n : 1,
                      rid ? rid->u.s : "?", eid ? (int)eid->n : 1, eid ? eid->u.s : "?");
        if (verbose) fg_buf_printf(notes, "#   %.*s\n", (int)act_len[k], act_text[k]);
    }
    free(used);
    free(act);
    free(act_text);
    free(act_len);
    fg_jparser_free(&jp);
    fg_arena_free(&arena);
    return ok;
}

static fg_tconf *fg_test_conf(fg_tconf ***confs, size_t *nconf, const fg_fixture *f,
                              const fg_engine_opts *eo)
{
    fg_buf key;
    fg_buf_init(&key);
    fg_buf_printf(&key, "%s\n%s\n", f->ruleset ? f->ruleset : eo->ruleset,
                  f->catalog ? f->catalog : eo->catalog ? eo->catalog : "");
    for (size_t i = 0; i < f->nsets; i++)
        fg_buf_printf(&key, "%s.%s=%s\n", f->sets[i].rule_id, f->sets[i].name, f->sets[i].value);
    fg_buf_cstr(&key);
    for (size_t i = 0; i < *nconf; i++) {
        if (!strcmp((*confs)[i]->key, key.p)) {
            fg_buf_free(&key);
            return (*confs)[i];
        }
    }
    fg_tconf *c = fg_xcalloc(1, sizeof *c);
    c->key = fg_xstrdup(key.p);
    fg_buf_free(&key);
    fg_state_init(&c->state);
    fg_diag d;
    fg_diag_init(&d);
    c->rs = fg_ruleset_load_ex(f->ruleset ? f->ruleset : eo->ruleset,
                               f->catalog ? f->catalog : eo->catalog, f->sets, f->nsets,
                               &c->state, &eo->limits, &d);
    if (!c->rs) c->diag = fg_xstrdup(fg_buf_cstr(&d.text));
    fg_diag_free(&d);
    *confs = fg_xrealloc(*confs, (*nconf + 1) * sizeof **confs);
    (*confs)[(*nconf)++] = c;
    return c;
}

static int fg_test_one(const fg_fixture *f, fg_tconf *c, int verbose, fg_buf *notes)
{
    if (!c->rs) {
        const char *p = c->diag;
        while (*p) {
            const char *nl = strchr(p, '\n');
            size_t l = nl ? (size_t)(nl - p) : strlen(p);
            fg_buf_printf(notes, "# %.*s\n", (int)l, p);
            p += l + (nl != NULL);
        }
        return 0;
    }
    fg_state_reset(&c->state);
    fg_tctx t;
    memset(&t, 0, sizeof t);
    fg_buf_init(&t.notes);
    fg_engine_init(&t.eng, &c->state, c->rs, c->rs->vm);
    t.eng.on_input_error = fg_test_input_error;
    t.eng.on_rule_error = fg_test_rule_error;
    t.eng.ud = &t;
    uint64_t errors_before = t.eng.st.rule_errors;
    for (size_t i = 0; i < f->nevents; i++)
        fg_engine_line(&t.eng, f->file, f->events[i].line, f->events[i].text,
                       strlen(f->events[i].text));
    int ok = fg_test_compare(f, &t.eng.out, notes, verbose);
    if (t.eng.st.rule_errors > errors_before) ok = 0;
    if (t.input_errors != f->input_errors) {
        ok = 0;
        fg_buf_printf(notes, "# %ld input errors, expected %ld (@input-errors)\n", t.input_errors,
                      f->input_errors);
    }
    if (!ok) fg_buf_put(notes, t.notes.p, t.notes.len);
    fg_buf_free(&t.notes);
    fg_engine_free(&t.eng);
    return ok;
}

/* Adds the fixtures found at path; a ruleset folder also sets *ruleset. */
static void fg_test_collect(const char *path, fg_fixture **v, size_t *n, fg_diag *d,
                            fg_engine_opts *eo, int ruleset_given)
{
    if (!fg_file_is_dir(path)) {
        fg_fixture_parse(path, v, n, d);
        return;
    }
    char *mp = fg_path_join(path, "manifest");
    int is_ruleset = fg_file_exists(mp);
    free(mp);
    if (is_ruleset) {
        if (!ruleset_given) eo->ruleset = path;
        fg_state st;
        fg_state_init(&st);
        fg_ruleset *rs = fg_ruleset_load(path, eo->catalog, &st, &eo->limits, d);
        if (rs) {
            for (size_t i = 0; i < rs->nrules; i++) {
                const char *pp = rs->rules[i]->path;
                const char *dot = strrchr(pp, '.');
                size_t stem = dot ? (size_t)(dot - pp) : strlen(pp);
                char *fx = fg_xmalloc(stem + 9);
                memcpy(fx, pp, stem);
                memcpy(fx + stem, ".fixture", 9);
                if (fg_file_exists(fx)) fg_fixture_parse(fx, v, n, d);
                free(fx);
            }
            fg_ruleset_free(rs);
        }
        fg_state_free(&st);
        char *fd = fg_path_join(path, "fixtures");
        if (fg_file_is_dir(fd)) fg_test_collect(fd, v, n, d, eo, 1);
        free(fd);
        return;
    }
    size_t nn;
    char **names = fg_file_list(path, NULL, &nn);
    for (size_t i = 0; i < nn; i++) {
        char *full = fg_path_join(path, names[i]);
        size_t l = strlen(names[i]);
        if (fg_file_is_dir(full)) fg_test_collect(full, v, n, d, eo, 1);
        else if (l > 8 && !strcmp(names[i] + l - 8, ".fixture")) fg_fixture_parse(full, v, n, d);
        free(full);
    }
    fg_file_list_free(names, nn);
}

int fg_cmd_test(int argc, char **argv)
{
    fg_engine_opts eo;
    fg_engine_opts_default(&eo);
    int verbose = 0, ruleset_given = 0;
    const char **paths = fg_xcalloc((size_t)argc + 1, sizeof *paths);
    size_t npaths = 0;
    for (int i = 1; i < argc; i++) {
        int k = fg_engine_opts_parse(&eo, argc, argv, &i);
        if (k < 0) {
            free(paths);
            return 2;
        }
        if (k) {
            if (!strncmp(argv[i - (argv[i][0] != '-')], "--ruleset", 9)) ruleset_given = 1;
            continue;
        }
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf(fg_test_help, fg_engine_opts_help);
            free(paths);
            return 0;
        }
        if (!strcmp(argv[i], "--verbose") || !strcmp(argv[i], "-v")) {
            verbose = 1;
            continue;
        }
        if (argv[i][0] == '-') {
            fprintf(stderr, "fundguard test: unknown option '%s' (see fundguard test --help)\n", argv[i]);
            free(paths);
            return 2;
        }
        paths[npaths++] = argv[i];
    }
    if (!npaths) paths[npaths++] = eo.ruleset;
    fg_fixture *fx = NULL;
    size_t nfx = 0;
    fg_diag d;
    fg_diag_init(&d);
    for (size_t i = 0; i < npaths; i++) fg_test_collect(paths[i], &fx, &nfx, &d, &eo, ruleset_given);
    free(paths);
    if (d.errors) {
        printf("1..1\nnot ok 1 - fixtures could not be read\n");
        const char *p = fg_buf_cstr(&d.text);
        while (*p) {
            const char *nl = strchr(p, '\n');
            size_t l = nl ? (size_t)(nl - p) : strlen(p);
            printf("# %.*s\n", (int)l, p);
            p += l + (nl != NULL);
        }
        fg_diag_free(&d);
        fg_fixture_free_all(fx, nfx);
        return 1;
    }
    fg_diag_free(&d);
    printf("1..%zu\n", nfx);
    if (!nfx) printf("# no fixtures found\n");
    fg_tconf **confs = NULL;
    size_t nconf = 0;
    int failed = 0;
    for (size_t i = 0; i < nfx; i++) {
        fg_buf notes;
        fg_buf_init(&notes);
        fg_tconf *c = fg_test_conf(&confs, &nconf, &fx[i], &eo);
        int ok = fg_test_one(&fx[i], c, verbose, &notes);
        if (!ok) failed++;
        printf("%s %zu - %s:%zu %s\n", ok ? "ok" : "not ok", i + 1, fx[i].file, fx[i].line,
               fx[i].title);
        if (notes.len) fwrite(notes.p, 1, notes.len, stdout);
        fg_buf_free(&notes);
    }
    for (size_t i = 0; i < nconf; i++) {
        fg_ruleset_free(confs[i]->rs);
        fg_state_free(&confs[i]->state);
        free(confs[i]->diag);
        free(confs[i]->key);
        free(confs[i]);
    }
    free(confs);
    fg_fixture_free_all(fx, nfx);
    if (failed) printf("# %d of %zu fixtures failed\n", failed, nfx);
    return failed ? 1 : 0;
}

/* fg_fixture — fixture file parsing (see fg_fixture.h). */
#include "fg_fixture.h"
#include "fg_file.h"
#include "fg_lines.h"
#include "fg_mem.h"
#include <stdlib.h>
#include <string.h>

static void fg_fline_push(fg_fline **v, size_t *n, const char *s, size_t len, size_t line)
{
    *v = fg_xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[*n].text = fg_xstrndup(s, len);
    (*v)[*n].line = line;
    (*n)++;
}

static void fg_fixture_free(fg_fixture *f)
{
    free(f->file);
    free(f->title);
    free(f->ruleset);
    free(f->catalog);
    for (size_t i = 0; i < f->nrules; i++) free(f->rules[i]);
    free(f->rules);
    for (size_t i = 0; i < f->nsets; i++) {
        free(f->sets[i].rule_id);
        free(f->sets[i].name);
        free(f->sets[i].value);
    }
    free(f->sets);
    for (size_t i = 0; i < f->nevents; i++) free(f->events[i].text);
    for (size_t i = 0; i < f->nexpects; i++) free(f->expects[i].text);
    free(f->events);
    free(f->expects);
}

void fg_fixture_free_all(fg_fixture *v, size_t n)
{
    for (size_t i = 0; i < n; i++) fg_fixture_free(&v[i]);
    free(v);
}

/* Copies the file-level directives of hdr into a new fixture f. */
static void fg_fixture_inherit(fg_fixture *f, const fg_fixture *hdr)
{
    if (hdr->ruleset) f->ruleset = fg_xstrdup(hdr->ruleset);
    if (hdr->catalog) f->catalog = fg_xstrdup(hdr->catalog);
    for (size_t i = 0; i < hdr->nrules; i++) {
        f->rules = fg_xrealloc(f->rules, (f->nrules + 1) * sizeof *f->rules);
        f->rules[f->nrules++] = fg_xstrdup(hdr->rules[i]);
    }
    for (size_t i = 0; i < hdr->nsets; i++) {
        f->sets = fg_xrealloc(f->sets, (f->nsets + 1) * sizeof *f->sets);
        fg_moverride *o = &f->sets[f->nsets++];
        *o = hdr->sets[i];
        o->rule_id = fg_xstrdup(hdr->sets[i].rule_id);
        o->name = fg_xstrdup(hdr->sets[i].name);
        o->value = fg_xstrdup(hdr->sets[i].value);
    }
    f->input_errors = hdr->input_errors;
    for (size_t i = 0; i < hdr->nevents; i++)
        fg_fline_push(&f->events, &f->nevents, hdr->events[i].text, strlen(hdr->events[i].text),
                      hdr->events[i].line);
}

static char *fg_trim_dup(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t')) p++;
    while (end > p && (end[-1] == ' ' || end[-1] == '\t')) end--;
    return fg_xstrndup(p, (size_t)(end - p));
}

int fg_fixture_parse(const char *path, fg_fixture **v, size_t *n, fg_diag *d)
{
    char err[128];
    size_t len;
    char *data = fg_file_read(path, &len, err, sizeof err);
    if (!data) {
        fg_diag_error(d, path, 0, 0, NULL, 0, NULL, "cannot read fixture: %s", err);
        return -1;
    }
    int before = d->errors;
    char *dir = fg_path_dir(path);
    fg_fixture hdr;
    memset(&hdr, 0, sizeof hdr);
    hdr.input_errors = 0;
    fg_fixture *cur = &hdr;
    size_t first = *n;
    const char *p = data, *end = data + len;
    size_t lineno = 0;
    const char *line, *le;
    while (fg_text_line(&p, end, &lineno, &line, &le)) {
        const char *q = line;
        while (q < le && (*q == ' ' || *q == '\t')) q++;
        if (q == le || *q == '#') continue;
        if (*q == '{') {
            /* before the first @fixture: a prelude every fixture starts with */
            fg_fline_push(&cur->events, &cur->nevents, q, (size_t)(le - q), lineno);
            continue;
        }
        if (*q != '@') {
            fg_diag_error(d, path, lineno, (size_t)(q - line) + 1, NULL, 0,
                          "lines are JSON events, @directives or # comments",
                          "unexpected line in fixture");
            continue;
        }
        const char *w = q + 1;
        while (q < le && *q != ' ' && *q != '\t') q++;
        size_t wl = (size_t)(q - w);
        char *arg = fg_trim_dup(q, le);
#define FG_IS(word) (wl == sizeof(word) - 1 && !memcmp(w, word, wl))
        if (FG_IS("fixture")) {
            *v = fg_xrealloc(*v, (*n + 1) * sizeof **v);
            cur = &(*v)[(*n)++];
            memset(cur, 0, sizeof *cur);
            cur->file = fg_xstrdup(path);
            cur->line = lineno;
            cur->title = arg;
            arg = NULL;
            fg_fixture_inherit(cur, &hdr);
        } else if (FG_IS("expect")) {
            fg_fline_push(&cur->expects, &cur->nexpects, arg, strlen(arg), lineno);
        } else if (FG_IS("rules")) {
            char *s = arg, *tok;
            while ((tok = strtok_r(s, " ,\t", &s))) {
                cur->rules = fg_xrealloc(cur->rules, (cur->nrules + 1) * sizeof *cur->rules);
                cur->rules[cur->nrules++] = fg_xstrdup(tok);
            }
        } else if (FG_IS("catalog")) {
            free(cur->catalog);
            cur->catalog = fg_path_join(dir, arg);
        } else if (FG_IS("ruleset")) {
            free(cur->ruleset);
            cur->ruleset = fg_path_join(dir, arg);
        } else if (FG_IS("input-errors")) {
            char *e2;
            cur->input_errors = strtol(arg, &e2, 10);
            if (*e2 || !*arg) fg_diag_error(d, path, lineno, 1, NULL, 0, NULL, "@input-errors needs a count");
        } else if (FG_IS("set")) {
            char *eq = strchr(arg, '=');
            char *dot = strchr(arg, '.');
            if (!eq || !dot || dot > eq) {
                fg_diag_error(d, path, lineno, 1, NULL, 0, "@set RULE.PARAM = VALUE", "bad @set");
            } else {
                cur->sets = fg_xrealloc(cur->sets, (cur->nsets + 1) * sizeof *cur->sets);
                fg_moverride *o = &cur->sets[cur->nsets++];
                memset(o, 0, sizeof *o);
                o->rule_id = fg_trim_dup(arg, dot);
                o->name = fg_trim_dup(dot + 1, eq);
                o->value = fg_trim_dup(eq + 1, eq + strlen(eq));
                o->line = lineno;
                o->col = 1;
            }
        } else {
            fg_diag_error(d, path, lineno, 1, NULL, 0,
                          "@fixture, @expect, @rules, @set, @catalog, @ruleset, @input-errors",
                          "unknown directive @%.*s", (int)wl, w);
        }
#undef FG_IS
        free(arg);
    }
    if (*n == first && (hdr.nevents || hdr.nexpects)) {
        /* no @fixture: the whole file is one fixture named after it */
        *v = fg_xrealloc(*v, (*n + 1) * sizeof **v);
        fg_fixture *f = &(*v)[(*n)++];
        *f = hdr;
        f->file = fg_xstrdup(path);
        f->title = fg_xstrdup("(whole file)");
        memset(&hdr, 0, sizeof hdr);
    } else if (hdr.nexpects) {
        fg_diag_error(d, path, hdr.expects[0].line, 1, NULL, 0,
                      "put @expect lines after the @fixture they belong to",
                      "@expect before the first @fixture");
    }
    hdr.file = NULL;
    fg_fixture_free(&hdr);
    free(dir);
    free(data);
    if (d->errors > before) {
        for (size_t i = first; i < *n; i++) fg_fixture_free(&(*v)[i]);
        *n = first;
        return -1;
    }
    return 0;
}

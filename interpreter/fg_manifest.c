/* fg_manifest — ruleset manifests (see fg_manifest.h). */
#include "fg_manifest.h"
#include "fg_file.h"
#include "fg_lines.h"
#include "fg_mem.h"
#include <stdlib.h>
#include <string.h>

static void fg_mov_free(fg_moverride *o)
{
    free(o->rule_id);
    free(o->name);
    free(o->value);
}

void fg_manifest_free(fg_manifest *m)
{
    if (!m) return;
    for (size_t i = 0; i < m->nrules; i++) {
        free(m->rules[i].path);
        for (size_t j = 0; j < m->rules[i].nov; j++) fg_mov_free(&m->rules[i].ov[j]);
        free(m->rules[i].ov);
    }
    free(m->rules);
    for (size_t i = 0; i < m->nsets; i++) fg_mov_free(&m->sets[i]);
    free(m->sets);
    free(m->path);
    free(m->dir);
    free(m->name);
    free(m->catalog);
    free(m);
}

static fg_mrule *fg_manifest_add_rule(fg_manifest *m, char *path, size_t line, size_t col)
{
    m->rules = fg_xrealloc(m->rules, (m->nrules + 1) * sizeof *m->rules);
    fg_mrule *r = &m->rules[m->nrules++];
    memset(r, 0, sizeof *r);
    r->path = path;
    r->line = line;
    r->col = col;
    return r;
}

/* Parses "value" at p (already trimmed on the left); returns heap text or
 * NULL with *why set. */
static char *fg_manifest_value(const char *p, const char *end, int regex, const char **why)
{
    if (p < end && *p == '"') {
        char *out = fg_xmalloc((size_t)(end - p) + 1);
        size_t o = 0;
        for (p++; p < end; p++) {
            if (*p == '"') {
                out[o] = '\0';
                const char *rest = p + 1;
                while (rest < end && (*rest == ' ' || *rest == '\t')) rest++;
                if (rest < end && *rest != '#') {
                    free(out);
                    *why = "unexpected text after the closing quote";
                    return NULL;
                }
                return out;
            }
            if (*p == '\\' && p + 1 < end) p++;
            out[o++] = *p;
        }
        free(out);
        *why = "unterminated string";
        return NULL;
    }
    const char *e = end;
    if (regex && p < end && *p == '[') {
        /* ["a", "b"]: a list written as in the rule language, kept as a|b */
        char *out = fg_xmalloc((size_t)(end - p) + 1);
        size_t o = 0;
        const char *q = p + 1;
        for (;;) {
            while (q < end && (*q == ' ' || *q == '\t')) q++;
            if (q < end && *q == ']') break;
            if (q >= end || *q != '"') {
                free(out);
                *why = "a list is written [\"a\", \"b\"]";
                return NULL;
            }
            if (o) out[o++] = '|';
            for (q++; q < end && *q != '"'; q++) out[o++] = *q;
            if (q >= end) {
                free(out);
                *why = "unterminated string";
                return NULL;
            }
            q++;
            while (q < end && (*q == ' ' || *q == '\t')) q++;
            if (q < end && *q == ',') q++;
        }
        out[o] = '\0';
        return out;
    }
    if (regex && p < end && *p == '/') {
        const char *close = end;
        while (close > p + 1 && (close[-1] == ' ' || close[-1] == '\t')) close--;
        if (close > p + 1 && close[-1] == '/') return fg_xstrndup(p + 1, (size_t)(close - p - 2));
        *why = "a /regex/ must end with '/'";
        return NULL;
    }
    for (const char *q = p; q < end; q++)
        if (*q == '#' && (q == p || q[-1] == ' ' || q[-1] == '\t')) {
            e = q;
            break;
        }
    while (e > p && (e[-1] == ' ' || e[-1] == '\t')) e--;
    if (e == p) {
        *why = "a value is expected after '='";
        return NULL;
    }
    return fg_xstrndup(p, (size_t)(e - p));
}

/* "name = value" (name may be "rule.name" when dotted is set). */
static int fg_manifest_assign(const char *line, const char *p, const char *end, size_t lineno,
                              const char *path, fg_diag *d, int dotted, fg_moverride *out)
{
    const char *n0 = p;
    while (p < end && (*p == '_' || *p == '.' || (*p >= 'a' && *p <= 'z') ||
                       (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
        p++;
    const char *n1 = p;
    while (p < end && (*p == ' ' || *p == '\t')) p++;
    size_t col = (size_t)(n0 - line) + 1;
    if (n1 == n0 || p >= end || *p != '=') {
        fg_diag_error(d, path, lineno, col, line, 1,
                      dotted ? "write: set RULE_ID.PARAM = VALUE" : "write: PARAM = VALUE",
                      "parameter assignment expected");
        return -1;
    }
    p++;
    while (p < end && (*p == ' ' || *p == '\t')) p++;
    const char *why = NULL;
    char *value = fg_manifest_value(p, end, 1, &why);
    if (!value) {
        fg_diag_error(d, path, lineno, (size_t)(p - line) + 1, line, 1, NULL, "%s", why);
        return -1;
    }
    memset(out, 0, sizeof *out);
    out->line = lineno;
    out->col = col;
    out->value = value;
    const char *dot = dotted ? memchr(n0, '.', (size_t)(n1 - n0)) : NULL;
    if (dotted && !dot) {
        fg_diag_error(d, path, lineno, col, line, (size_t)(n1 - n0), "write: set RULE_ID.PARAM = VALUE",
                      "'set' needs RULE_ID.PARAM");
        free(value);
        return -1;
    }
    if (dot) {
        out->rule_id = fg_xstrndup(n0, (size_t)(dot - n0));
        out->name = fg_xstrndup(dot + 1, (size_t)(n1 - dot - 1));
    } else {
        out->name = fg_xstrndup(n0, (size_t)(n1 - n0));
    }
    return 0;
}

fg_manifest *fg_manifest_load(const char *path, fg_diag *d)
{
    char err[128];
    size_t len;
    char *data = fg_file_read(path, &len, err, sizeof err);
    if (!data) {
        fg_diag_error(d, path, 0, 0, NULL, 0, NULL, "cannot read the manifest: %s", err);
        return NULL;
    }
    int before = d->errors;
    fg_manifest *m = fg_xcalloc(1, sizeof *m);
    m->path = fg_xstrdup(path);
    m->dir = fg_path_dir(path);
    const char *p = data, *end = data + len;
    size_t lineno = 0;
    const char *line, *le;
    while (fg_text_line(&p, end, &lineno, &line, &le)) {
        const char *q = line;
        while (q < le && (*q == ' ' || *q == '\t')) q++;
        if (q == le || *q == '#') continue;
        int indented = q > line;
        const char *w0 = q;
        while (q < le && *q != ' ' && *q != '\t') q++;
        size_t wl = (size_t)(q - w0);
        while (q < le && (*q == ' ' || *q == '\t')) q++;
        char linebuf[1024];
        size_t ll = (size_t)(le - line) < sizeof linebuf - 1 ? (size_t)(le - line) : sizeof linebuf - 1;
        memcpy(linebuf, line, ll);
        linebuf[ll] = '\0';
        if (indented) {
            if (!m->nrules) {
                fg_diag_error(d, path, lineno, (size_t)(w0 - line) + 1, linebuf, wl,
                              "indented lines set parameters of the 'rule' line above them",
                              "parameter override outside a rule");
                continue;
            }
            fg_moverride o;
            if (fg_manifest_assign(linebuf, linebuf + (w0 - line), linebuf + ll, lineno, path, d, 0, &o))
                continue;
            fg_mrule *r = &m->rules[m->nrules - 1];
            r->ov = fg_xrealloc(r->ov, (r->nov + 1) * sizeof *r->ov);
            r->ov[r->nov++] = o;
            continue;
        }
        const char *why = NULL;
        if (wl == 4 && !memcmp(w0, "rule", 4)) {
            char *v = fg_manifest_value(q, le, 0, &why);
            if (!v) {
                fg_diag_error(d, path, lineno, (size_t)(q - line) + 1, linebuf, 1,
                              "write: rule PATH/TO/PLUGIN.lua", "%s", why);
                continue;
            }
            fg_manifest_add_rule(m, fg_path_join(m->dir, v), lineno, (size_t)(q - line) + 1);
            free(v);
        } else if (wl == 7 && !memcmp(w0, "catalog", 7)) {
            char *v = fg_manifest_value(q, le, 0, &why);
            if (!v) {
                fg_diag_error(d, path, lineno, (size_t)(q - line) + 1, linebuf, 1,
                              "write: catalog FOLDER", "%s", why);
                continue;
            }
            free(m->catalog);
            m->catalog = fg_path_join(m->dir, v);
            free(v);
        } else if (wl == 7 && !memcmp(w0, "ruleset", 7)) {
            char *v = fg_manifest_value(q, le, 0, &why);
            if (!v) {
                fg_diag_error(d, path, lineno, (size_t)(q - line) + 1, linebuf, 1,
                              "write: ruleset NAME", "%s", why);
                continue;
            }
            free(m->name);
            m->name = v;
        } else if (wl == 3 && !memcmp(w0, "set", 3)) {
            fg_moverride o;
            if (fg_manifest_assign(linebuf, linebuf + (q - line), linebuf + ll, lineno, path, d, 1, &o))
                continue;
            m->sets = fg_xrealloc(m->sets, (m->nsets + 1) * sizeof *m->sets);
            m->sets[m->nsets++] = o;
        } else {
            fg_diag_error(d, path, lineno, (size_t)(w0 - line) + 1, linebuf, wl,
                          "a manifest line starts with ruleset, catalog, rule or set",
                          "unknown manifest keyword '%.*s'", (int)wl, w0);
        }
    }
    free(data);
    if (d->errors > before) {
        fg_manifest_free(m);
        return NULL;
    }
    if (!m->name) m->name = fg_xstrdup("unnamed");
    return m;
}

fg_manifest *fg_manifest_scan(const char *dir, fg_diag *d)
{
    (void)d;
    fg_manifest *m = fg_xcalloc(1, sizeof *m);
    m->path = fg_xstrdup(dir);
    m->dir = fg_xstrdup(dir);
    const char *base = strrchr(dir, '/');
    m->name = fg_xstrdup(base && base[1] ? base + 1 : dir);
    /* *.lua and *.rule plugins; NAME.rule wins over a NAME.lua beside it,
     * and *.lib.rule (lists and macros for rules to use) is no plugin */
    size_t n;
    char **names = fg_file_list(dir, NULL, &n);
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(names[i]);
        int is_rule = l > 5 && !strcmp(names[i] + l - 5, ".rule");
        int is_lua = l > 4 && !strcmp(names[i] + l - 4, ".lua");
        if (is_rule && l > 9 && !strcmp(names[i] + l - 9, ".lib.rule")) continue;
        if (is_lua) {
            char *twin = fg_xmalloc(l + 2);
            memcpy(twin, names[i], l - 4);
            memcpy(twin + l - 4, ".rule", 6);
            char *tp = fg_path_join(dir, twin);
            int has_twin = fg_file_exists(tp);
            free(tp);
            free(twin);
            if (has_twin) continue;
        }
        if (is_rule || is_lua) fg_manifest_add_rule(m, fg_path_join(dir, names[i]), 0, 0);
    }
    fg_file_list_free(names, n);
    char *cat = fg_path_join(dir, "catalog");
    if (fg_file_is_dir(cat)) m->catalog = cat;
    else free(cat);
    return m;
}

/* fg_catalog — drugs.csv and items.csv (see fg_catalog.h). */
#include "fg_catalog.h"
#include "fg_csv.h"
#include "fg_file.h"
#include "fg_hash.h"
#include "fg_mem.h"
#include "fg_money.h"
#include "fg_utf8.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { D_CODE, D_NAME, D_GENERIC, D_MAX_PRICE, D_MIN_HOSP_LV, D_DIAG, D_MAX_PRD_DAYS, D_KEY, D__N };
static const char *const fg_drug_cols[D__N] = {
    "med_list_codg", "name", "generic", "max_price", "min_hosp_lv", "diag_pattern",
    "max_prd_days", "key_monitor",
};
enum { I_CODE, I_NAME, I_LV0, I_LV1, I_LV2, I_LV3, I_PER_DAY, I_SEX, I_INCLUDES, I_SINGLE, I__N };
static const char *const fg_item_cols[I__N] = {
    "med_list_codg", "name", "max_price_lv0", "max_price_lv1", "max_price_lv2",
    "max_price_lv3", "max_per_day", "sex", "includes", "single_use",
};

/* One CSV file being loaded: where cells are, for error positions. */
typedef struct fg_catfile {
    const char *path;
    const char *data;
    size_t len;
    fg_diag *d;
    fg_csv csv;
    int colmap[16];         /* logical column -> CSV column, -1 absent */
} fg_catfile;

static void fg_cat_err(fg_catfile *f, int col, const char *hint, const char *fmt, const char *a)
{
    const fg_csvrow *r = &f->csv.row;
    size_t c = col >= 0 && (size_t)col < r->n ? r->col[col] : 0;
    size_t ll;
    const char *line = fg_diag_line_of(f->data, f->len, r->line, &ll);
    char tmp[400];
    snprintf(tmp, sizeof tmp, fmt, a);
    fg_diag_error(f->d, f->path, r->line, c, line, col >= 0 && (size_t)col < r->n ? r->len[col] : 1,
                  hint, "%s", tmp);
}

/* Trimmed cell of logical column k, or "" when the column is absent. */
static const char *fg_cat_cell(fg_catfile *f, int k, size_t *n)
{
    int c = f->colmap[k];
    if (c < 0 || (size_t)c >= f->csv.row.n) {
        *n = 0;
        return "";
    }
    char *s = f->csv.row.cell[c];
    size_t l = f->csv.row.len[c];
    while (l && (s[l - 1] == ' ' || s[l - 1] == '\t')) s[--l] = '\0';
    while (*s == ' ' || *s == '\t') {
        s++;
        l--;
    }
    *n = l;
    return s;
}

static int fg_cat_money(fg_catfile *f, int k, int64_t *out)
{
    size_t n;
    const char *s = fg_cat_cell(f, k, &n);
    *out = FG_NONE;
    if (!n) return 0;
    const char *why = fg_money_parse(s, n, out);
    if (why || *out < 0) {
        fg_cat_err(f, f->colmap[k], "write yuan like 12.5 or 1999.99, or leave the cell empty",
                   "bad amount '%s'", s);
        *out = FG_NONE;
        return -1;
    }
    return 0;
}

static int fg_cat_number(fg_catfile *f, int k, double *out, int integral)
{
    size_t n;
    const char *s = fg_cat_cell(f, k, &n);
    *out = FG_NONE;
    if (!n) return 0;
    char *end;
    double v = strtod(s, &end);
    if (end != s + n || v < 0 || (integral && v != (double)(long long)v)) {
        fg_cat_err(f, f->colmap[k], integral ? "write a whole number, or leave the cell empty"
                                             : "write a number, or leave the cell empty",
                   "bad number '%s'", s);
        return -1;
    }
    *out = v;
    return 0;
}

static int fg_cat_flag(fg_catfile *f, int k, const char *allowed, char *out)
{
    size_t n;
    const char *s = fg_cat_cell(f, k, &n);
    *out = 0;
    if (!n) return 0;
    if (n == 1 && strchr(allowed, s[0])) {
        *out = s[0];
        return 0;
    }
    fg_cat_err(f, f->colmap[k], NULL, "unexpected value '%s'", s);
    return -1;
}

/* Reads the header and maps column names; -1 when the file is unusable. */
static int fg_cat_header(fg_catfile *f, const char *const *cols, int ncols)
{
    for (int k = 0; k < 16; k++) f->colmap[k] = -1;
    int rc = fg_csv_next(&f->csv);
    if (rc <= 0) {
        if (rc < 0)
            fg_diag_error(f->d, f->path, f->csv.err_line, f->csv.err_col, NULL, 0, NULL, "%s",
                          f->csv.err);
        else
            fg_diag_error(f->d, f->path, 1, 1, NULL, 0, "the first row names the columns",
                          "empty catalog file: header row expected");
        return -1;
    }
    for (size_t c = 0; c < f->csv.row.n; c++) {
        size_t n;
        f->colmap[15] = (int)c;
        const char *name = fg_cat_cell(f, 15, &n);
        for (int k = 0; k < ncols; k++)
            if (strlen(cols[k]) == n && memcmp(cols[k], name, n) == 0) f->colmap[k] = (int)c;
    }
    f->colmap[15] = -1;
    if (f->colmap[0] < 0) {
        fg_diag_error(f->d, f->path, 1, 1, NULL, 0, NULL,
                      "header has no med_list_codg column");
        return -1;
    }
    return 0;
}

static char *fg_cat_dup(fg_catfile *f, int k)
{
    size_t n;
    const char *s = fg_cat_cell(f, k, &n);
    return fg_xstrndup(s, n);
}

/* Iterates data rows; returns the code cell or NULL at end/error. */
static const char *fg_cat_row(fg_catfile *f, fg_map *seen, size_t *n, int *stop)
{
    for (;;) {
        int rc = fg_csv_next(&f->csv);
        if (rc <= 0) {
            if (rc < 0)
                fg_diag_error(f->d, f->path, f->csv.err_line, f->csv.err_col, NULL, 0, NULL, "%s",
                              f->csv.err);
            *stop = 1;
            return NULL;
        }
        if (f->csv.row.n == 1 && f->csv.row.len[0] == 0) continue;   /* blank line */
        const char *code = fg_cat_cell(f, 0, n);
        if (!*n) {
            fg_cat_err(f, f->colmap[0], NULL, "empty med_list_codg%s", "");
            continue;
        }
        const fg_mkey *dup = fg_map_get(seen, code, *n, fg_map_hash(code, *n));
        if (dup) {
            fg_cat_err(f, f->colmap[0], "each code may appear once", "duplicate code '%s'", code);
            continue;
        }
        return code;
    }
}

static int fg_cat_open(fg_catfile *f, const char *dir, const char *name, fg_diag *d,
                       uint64_t *hash, char **buf)
{
    memset(f, 0, sizeof *f);
    f->path = fg_path_join(dir, name);
    f->d = d;
    char err[128];
    if (!fg_file_exists(f->path)) {
        fg_diag_warn(d, f->path, 0, 0, "no such file; the table is empty");
        return 0;
    }
    *buf = fg_file_read(f->path, &f->len, err, sizeof err);
    if (!*buf) {
        fg_diag_error(d, f->path, 0, 0, NULL, 0, NULL, "cannot read: %s", err);
        return -1;
    }
    size_t bad;
    if (!fg_utf8_valid(*buf, f->len, &bad)) {
        size_t line = 1, col = 1;
        for (size_t i = 0; i < bad; i++) {
            if ((*buf)[i] == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        fg_diag_error(d, f->path, line, col, NULL, 0, "save the file as UTF-8", "invalid UTF-8");
        return -1;
    }
    f->data = *buf;
    *hash = fg_hash64(*buf, f->len, *hash);
    fg_csv_open(&f->csv, *buf, f->len);
    return 1;
}

static void fg_cat_close(fg_catfile *f, char *buf)
{
    fg_csv_close(&f->csv);
    free((char *)f->path);
    free(buf);
}

static void fg_drug_free(fg_drug *g)
{
    free(g->name);
    free(g->generic);
    fg_regex_free(g->diag);
    free(g);
}

static void fg_item_free(fg_item *it)
{
    free(it->name);
    for (uint32_t i = 0; i < it->n_includes; i++) free(it->includes[i]);
    free(it->includes);
    for (uint32_t i = 0; i < it->n_included_by; i++) free(it->included_by[i]);
    free(it->included_by);
    free(it);
}

static void fg_cat_load_drugs(fg_catalog *c, fg_diag *d)
{
    fg_catfile f;
    char *buf = NULL;
    int rc = fg_cat_open(&f, c->dir, "drugs.csv", d, &c->hash, &buf);
    if (rc <= 0) {
        free((char *)f.path);
        free(buf);
        return;
    }
    if (fg_cat_header(&f, fg_drug_cols, D__N) == 0) {
        size_t n;
        int stop = 0;
        const char *code;
        while ((code = fg_cat_row(&f, &c->drugs, &n, &stop))) {
            fg_drug *g = fg_xcalloc(1, sizeof *g + n + 1);
            memcpy(g->kbuf, code, n);
            g->mk.key = g->kbuf;
            g->mk.klen = (uint32_t)n;
            g->line = f.csv.row.line;
            g->name = fg_cat_dup(&f, D_NAME);
            g->generic = fg_cat_dup(&f, D_GENERIC);
            int bad = fg_cat_money(&f, D_MAX_PRICE, &g->max_price);
            double lv;
            bad |= fg_cat_number(&f, D_MIN_HOSP_LV, &lv, 1);
            g->min_hosp_lv = lv == FG_NONE ? FG_NONE : (int)lv;
            bad |= fg_cat_number(&f, D_MAX_PRD_DAYS, &g->max_prd_days, 0);
            char key;
            bad |= fg_cat_flag(&f, D_KEY, "01", &key);
            g->key_monitor = key == '1';
            size_t pn;
            const char *pat = fg_cat_cell(&f, D_DIAG, &pn);
            if (pn) {
                char err[200];
                size_t off = 0;
                g->diag = fg_regex_compile(pat, pn, err, sizeof err, &off);
                if (!g->diag) {
                    const fg_csvrow *r = &f.csv.row;
                    size_t ll;
                    const char *line = fg_diag_line_of(f.data, f.len, r->line, &ll);
                    int col = f.colmap[D_DIAG];
                    size_t at = r->col[col] + off + (line && line[r->col[col] - 1] == '"');
                    fg_diag_error(d, f.path, r->line, at, line, 1,
                                  "diag_pattern is a PCRE2 pattern matched from the start of an ICD-10 code, e.g. ^(I10|I11)",
                                  "%s", err);
                    bad = 1;
                }
            }
            if (bad) {
                fg_drug_free(g);
                continue;
            }
            fg_map_put(&c->drugs, &g->mk, fg_map_hash(g->kbuf, n));
        }
    }
    fg_cat_close(&f, buf);
}

static void fg_item_add_includer(fg_item *it, const char *code, size_t n)
{
    for (uint32_t i = 0; i < it->n_included_by; i++)
        if (strlen(it->included_by[i]) == n && !memcmp(it->included_by[i], code, n)) return;
    if (it->n_included_by == it->cap_included_by) {
        it->cap_included_by = it->cap_included_by ? it->cap_included_by * 2 : 2;
        it->included_by = fg_xrealloc(it->included_by, it->cap_included_by * sizeof(char *));
    }
    it->included_by[it->n_included_by++] = fg_xstrndup(code, n);
}

static void fg_cat_load_items(fg_catalog *c, fg_diag *d)
{
    fg_catfile f;
    char *buf = NULL;
    int rc = fg_cat_open(&f, c->dir, "items.csv", d, &c->hash, &buf);
    if (rc <= 0) {
        free((char *)f.path);
        free(buf);
        return;
    }
    if (fg_cat_header(&f, fg_item_cols, I__N) == 0) {
        size_t n;
        int stop = 0;
        const char *code;
        while ((code = fg_cat_row(&f, &c->items, &n, &stop))) {
            fg_item *it = fg_xcalloc(1, sizeof *it + n + 1);
            memcpy(it->kbuf, code, n);
            it->mk.key = it->kbuf;
            it->mk.klen = (uint32_t)n;
            it->line = f.csv.row.line;
            it->name = fg_cat_dup(&f, I_NAME);
            int bad = 0;
            for (int lv = 0; lv < 4; lv++) bad |= fg_cat_money(&f, I_LV0 + lv, &it->max_price[lv]);
            bad |= fg_cat_number(&f, I_PER_DAY, &it->max_per_day, 0);
            bad |= fg_cat_flag(&f, I_SEX, "12", &it->sex);
            char single;
            bad |= fg_cat_flag(&f, I_SINGLE, "01", &single);
            it->single_use = single == '1';
            size_t in;
            const char *inc = fg_cat_cell(&f, I_INCLUDES, &in);
            while (in) {
                const char *bar = memchr(inc, '|', in);
                size_t k = bar ? (size_t)(bar - inc) : in;
                size_t a = 0, b = k;
                while (a < b && inc[a] == ' ') a++;
                while (b > a && inc[b - 1] == ' ') b--;
                if (b > a) {
                    it->includes = fg_xrealloc(it->includes, (it->n_includes + 1) * sizeof(char *));
                    it->includes[it->n_includes++] = fg_xstrndup(inc + a, b - a);
                }
                if (!bar) break;
                inc = bar + 1;
                in -= k + 1;
            }
            if (bad) {
                fg_item_free(it);
                continue;
            }
            fg_map_put(&c->items, &it->mk, fg_map_hash(it->kbuf, n));
        }
    }
    fg_cat_close(&f, buf);
    /* reverse index: for every X in includes(Z), Z is among includers(X);
     * codes not in items.csv get no entry (nothing can look them up). */
    size_t pos = 0;
    fg_item *z;
    while ((z = fg_map_next(&c->items, &pos))) {
        for (uint32_t i = 0; i < z->n_includes; i++) {
            fg_item *x = fg_catalog_item(c, z->includes[i], strlen(z->includes[i]));
            if (x) fg_item_add_includer(x, z->kbuf, z->mk.klen);
        }
    }
}

fg_catalog *fg_catalog_load(const char *dir, fg_diag *d)
{
    int before = d->errors;
    if (!fg_file_is_dir(dir)) {
        fg_diag_error(d, dir, 0, 0, NULL, 0, "give --catalog a folder holding drugs.csv and items.csv",
                      "catalog folder not found");
        return NULL;
    }
    fg_catalog *c = fg_xcalloc(1, sizeof *c);
    c->dir = fg_xstrdup(dir);
    fg_map_init(&c->drugs);
    fg_map_init(&c->items);
    fg_cat_load_drugs(c, d);
    fg_cat_load_items(c, d);
    if (d->errors > before) {
        fg_catalog_free(c);
        return NULL;
    }
    return c;
}

void fg_catalog_free(fg_catalog *c)
{
    if (!c) return;
    size_t pos = 0;
    fg_drug *g;
    while ((g = fg_map_next(&c->drugs, &pos))) fg_drug_free(g);
    pos = 0;
    fg_item *it;
    while ((it = fg_map_next(&c->items, &pos))) fg_item_free(it);
    fg_map_free(&c->drugs);
    fg_map_free(&c->items);
    free(c->dir);
    free(c);
}

const fg_drug *fg_catalog_drug(const fg_catalog *c, const char *code, size_t n)
{
    return fg_map_get(&c->drugs, code, n, fg_map_hash(code, n));
}

fg_item *fg_catalog_item(const fg_catalog *c, const char *code, size_t n)
{
    return fg_map_get(&c->items, code, n, fg_map_hash(code, n));
}

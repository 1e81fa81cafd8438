/* fg_catalog — reference data maintained by policy staff (spec/EVENTS.md,
 * "Catalogs"): drugs.csv and items.csv of one deployment, loaded into
 * indexed tables.
 *
 * Columns are found by header name; an empty cell means "no constraint".
 * Every bad cell, duplicate code and bad pattern is reported as
 * FILE:LINE:COL and makes the load fail, so a half-read catalog never goes
 * live.  diag_pattern patterns are compiled once (JIT where available). */
#ifndef FG_CATALOG_H
#define FG_CATALOG_H
#include "fg_diag.h"
#include "fg_map.h"
#include "fg_regex.h"
#include <stdint.h>

#define FG_NONE (-1)

typedef struct fg_drug {
    fg_mkey mk;             /* med_list_codg */
    char *name, *generic;   /* "" when empty */
    int64_t max_price;      /* fen, or FG_NONE */
    int min_hosp_lv;        /* or FG_NONE */
    fg_regex *diag;         /* or NULL */
    double max_prd_days;    /* or FG_NONE */
    int key_monitor;
    size_t line;
    char kbuf[];
} fg_drug;

typedef struct fg_item {
    fg_mkey mk;
    char *name;
    int64_t max_price[4];   /* by hospital level 0..3; fen or FG_NONE */
    double max_per_day;     /* units, or FG_NONE */
    char sex;               /* '1', '2' or 0 */
    char **includes;        /* codes this item already contains */
    uint32_t n_includes;
    char **included_by;     /* items whose includes list this code */
    uint32_t n_included_by, cap_included_by;
    int single_use;
    size_t line;
    char kbuf[];
} fg_item;

typedef struct fg_catalog {
    char *dir;
    fg_map drugs, items;
    uint64_t hash;          /* content hash of both files */
} fg_catalog;

/* Loads dir/drugs.csv and dir/items.csv (a missing file is an empty table
 * with a warning).  NULL when any error was reported into d. */
fg_catalog *fg_catalog_load(const char *dir, fg_diag *d);
void fg_catalog_free(fg_catalog *c);
const fg_drug *fg_catalog_drug(const fg_catalog *c, const char *code, size_t n);
fg_item *fg_catalog_item(const fg_catalog *c, const char *code, size_t n);

#endif

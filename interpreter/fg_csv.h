/* fg_csv — RFC 4180 CSV reading for catalogs.
 *
 * A leading UTF-8 BOM is skipped; fields may be quoted ("" inside quotes is a
 * quote, and quoted fields may span lines); \n and \r\n end records.  Each
 * row reports its line and the byte column of each cell so that catalog
 * errors can point at FILE:LINE:COL. */
#ifndef FG_CSV_H
#define FG_CSV_H
#include <stddef.h>

typedef struct fg_csvrow {
    size_t line;            /* line of the row's first character */
    size_t n;
    char **cell;            /* NUL-terminated, valid until the next row */
    size_t *len;
    size_t *col;            /* 1-based byte column of each cell */
} fg_csvrow;

typedef struct fg_csv {
    const char *p, *end;
    size_t line;
    const char *line_start;
    fg_csvrow row;
    size_t cap;
    char *scratch;
    size_t scap;
    char err[128];
    size_t err_line, err_col;
} fg_csv;

void fg_csv_open(fg_csv *c, const char *data, size_t n);
/* 1 row read, 0 end of data, -1 error (c->err, c->err_line, c->err_col). */
int fg_csv_next(fg_csv *c);
void fg_csv_close(fg_csv *c);

#endif

/* fg_csv — RFC 4180 CSV reading (see fg_csv.h). */
#include "fg_csv.h"
#include "fg_mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fg_csv_open(fg_csv *c, const char *data, size_t n)
{
    memset(c, 0, sizeof *c);
    if (n >= 3 && (unsigned char)data[0] == 0xEF && (unsigned char)data[1] == 0xBB &&
        (unsigned char)data[2] == 0xBF) {
        data += 3;
        n -= 3;
    }
    c->p = data;
    c->end = data + n;
    c->line = 1;
    c->line_start = data;
}

void fg_csv_close(fg_csv *c)
{
    free(c->row.cell);
    free(c->row.len);
    free(c->row.col);
    free(c->scratch);
}

static void fg_csv_scratch(fg_csv *c, size_t need)
{
    if (need <= c->scap) return;
    size_t cap = c->scap ? c->scap : 1024;
    while (cap < need) cap *= 2;
    c->scratch = fg_xrealloc(c->scratch, cap);
    c->scap = cap;
}

/* Cells are stored back to back in scratch; point at them once the row
 * is complete (scratch may have moved while it was read). */
static int fg_csv_point(fg_csv *c)
{
    size_t off = 0;
    for (size_t i = 0; i < c->row.n; i++) {
        c->row.cell[i] = c->scratch + off;
        off += c->row.len[i] + 1;
    }
    return 1;
}

int fg_csv_next(fg_csv *c)
{
    if (c->p >= c->end) return 0;
    c->row.n = 0;
    c->row.line = c->line;
    size_t used = 0;
    for (;;) {
        if (c->row.n == c->cap) {
            c->cap = c->cap ? c->cap * 2 : 16;
            c->row.cell = fg_xrealloc(c->row.cell, c->cap * sizeof *c->row.cell);
            c->row.len = fg_xrealloc(c->row.len, c->cap * sizeof *c->row.len);
            c->row.col = fg_xrealloc(c->row.col, c->cap * sizeof *c->row.col);
        }
        size_t i = c->row.n++;
        c->row.col[i] = (size_t)(c->p - c->line_start) + 1;
        /* reserve for the rest of the data: no move while this row is read */
        fg_csv_scratch(c, used + (size_t)(c->end - c->p) + 1);
        char *out = c->scratch + used;
        size_t o = 0;
        if (c->p < c->end && *c->p == '"') {
            size_t qline = c->line, qcol = c->row.col[i];
            c->p++;
            for (;;) {
                if (c->p >= c->end) {
                    snprintf(c->err, sizeof c->err, "unterminated quoted field");
                    c->err_line = qline;
                    c->err_col = qcol;
                    return -1;
                }
                char ch = *c->p++;
                if (ch == '"') {
                    if (c->p < c->end && *c->p == '"') {
                        out[o++] = '"';
                        c->p++;
                        continue;
                    }
                    break;
                }
                if (ch == '\n') {
                    c->line++;
                    c->line_start = c->p;
                }
                out[o++] = ch;
            }
            if (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r') {
                snprintf(c->err, sizeof c->err, "unexpected character after a closing quote");
                c->err_line = c->line;
                c->err_col = (size_t)(c->p - c->line_start) + 1;
                return -1;
            }
        } else {
            while (c->p < c->end && *c->p != ',' && *c->p != '\n' &&
                   !(*c->p == '\r' && (c->p + 1 == c->end || c->p[1] == '\n')))
                out[o++] = *c->p++;
        }
        out[o] = '\0';
        c->row.len[i] = o;
        used += o + 1;
        if (c->p >= c->end) return fg_csv_point(c);
        if (*c->p == ',') {
            c->p++;
            continue;
        }
        if (*c->p == '\r') c->p++;
        if (c->p < c->end && *c->p == '\n') c->p++;
        c->line++;
        c->line_start = c->p;
        return fg_csv_point(c);
    }
}

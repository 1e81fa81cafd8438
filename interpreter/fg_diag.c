/* fg_diag — collected diagnostics (see fg_diag.h). */
#include "fg_diag.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void fg_diag_init(fg_diag *d)
{
    fg_buf_init(&d->text);
    d->errors = d->warnings = 0;
}

void fg_diag_free(fg_diag *d)
{
    fg_buf_free(&d->text);
}

static void fg_diag_head(fg_diag *d, const char *file, size_t line, size_t col, const char *kind)
{
    fg_buf_puts(&d->text, file ? file : "?");
    if (line) fg_buf_printf(&d->text, ":%zu", line);
    if (line && col) fg_buf_printf(&d->text, ":%zu", col);
    fg_buf_printf(&d->text, ": %s: ", kind);
}

/* "FILE:LINE:COL: kind: message\n" */
static void fg_diag_vline(fg_diag *d, const char *file, size_t line, size_t col, const char *kind,
                          const char *fmt, va_list ap)
{
    fg_diag_head(d, file, line, col, kind);
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    fg_buf_puts(&d->text, msg);
    fg_buf_putc(&d->text, '\n');
}

void fg_diag_error(fg_diag *d, const char *file, size_t line, size_t col, const char *src_line,
                   size_t span, const char *hint, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fg_diag_vline(d, file, line, col, "error", fmt, ap);
    va_end(ap);
    if (src_line && col) {
        size_t n = strcspn(src_line, "\r\n");
        fg_buf_puts(&d->text, "    ");
        fg_buf_put(&d->text, src_line, n);
        fg_buf_puts(&d->text, "\n    ");
        /* caret under display column: count UTF-8 lead bytes, wide for CJK */
        for (size_t i = 0; i + 1 < col && i < n; i++) {
            unsigned char c = (unsigned char)src_line[i];
            if (c == '\t') fg_buf_putc(&d->text, '\t');
            else if (c < 0x80) fg_buf_putc(&d->text, ' ');
            else if (c >= 0xE0) fg_buf_puts(&d->text, "  ");  /* CJK: two cells */
            else if (c >= 0xC0) fg_buf_putc(&d->text, ' ');
        }
        fg_buf_putc(&d->text, '^');
        for (size_t i = 1; i < span && i < 80; i++) fg_buf_putc(&d->text, '~');
        fg_buf_putc(&d->text, '\n');
    }
    if (hint) fg_buf_printf(&d->text, "    hint: %s\n", hint);
    d->errors++;
}

void fg_diag_warn(fg_diag *d, const char *file, size_t line, size_t col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fg_diag_vline(d, file, line, col, "warning", fmt, ap);
    va_end(ap);
    d->warnings++;
}

const char *fg_diag_line_of(const char *data, size_t n, size_t line, size_t *len)
{
    const char *p = data, *end = data + n;
    for (size_t l = 1; l < line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) return NULL;
        p = nl + 1;
    }
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    *len = (size_t)((nl ? nl : end) - p);
    return p;
}

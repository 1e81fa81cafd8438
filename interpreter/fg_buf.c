/* fg_buf — growable byte buffer and JSON text writers (see fg_buf.h). */
#include "fg_buf.h"
#include "fg_mem.h"
#include "fg_money.h"
#include "fg_utf8.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fg_buf_init(fg_buf *b)
{
    b->p = NULL;
    b->len = b->cap = 0;
}

void fg_buf_free(fg_buf *b)
{
    free(b->p);
    fg_buf_init(b);
}

void fg_buf_reserve(fg_buf *b, size_t extra)
{
    if (b->cap - b->len > extra) return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len <= extra) cap *= 2;
    b->p = fg_xrealloc(b->p, cap);
    b->cap = cap;
}

void fg_buf_put(fg_buf *b, const void *s, size_t n)
{
    fg_buf_reserve(b, n);
    if (n) memcpy(b->p + b->len, s, n);
    b->len += n;
}

void fg_buf_puts(fg_buf *b, const char *s)
{
    fg_buf_put(b, s, strlen(s));
}

void fg_buf_putc(fg_buf *b, char c)
{
    fg_buf_reserve(b, 1);
    b->p[b->len++] = c;
}

void fg_buf_printf(fg_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char tmp[256];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof tmp) {
        fg_buf_put(b, tmp, (size_t)n);
        return;
    }
    fg_buf_reserve(b, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

const char *fg_buf_cstr(fg_buf *b)
{
    fg_buf_reserve(b, 1);
    b->p[b->len] = '\0';
    return b->p;
}

void fg_buf_json_str(fg_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    fg_buf_reserve(b, n + 2);
    fg_buf_putc(b, '"');
    size_t run = 0, i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            i++;
            continue;
        }
        if (c >= 0x80) {
            size_t k = fg_utf8_seq((const unsigned char *)s + i, n - i);
            if (k) {
                i += k;
                continue;
            }
        }
        fg_buf_put(b, s + run, i - run);
        i++;
        run = i;
        switch (c) {
        case '"': fg_buf_put(b, "\\\"", 2); break;
        case '\\': fg_buf_put(b, "\\\\", 2); break;
        case '\n': fg_buf_put(b, "\\n", 2); break;
        case '\r': fg_buf_put(b, "\\r", 2); break;
        case '\t': fg_buf_put(b, "\\t", 2); break;
        default:
            if (c >= 0x80) {
                fg_buf_put(b, "\xEF\xBF\xBD", 3);     /* invalid UTF-8: U+FFFD */
            } else {
                char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
                fg_buf_put(b, u, 6);
            }
        }
    }
    fg_buf_put(b, s + run, n - run);
    fg_buf_putc(b, '"');
}

void fg_buf_json_fen(fg_buf *b, int64_t fen)
{
    char tmp[32];
    fg_money_fmt(fen, tmp, sizeof tmp);
    fg_buf_puts(b, tmp);
}

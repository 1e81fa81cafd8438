/* fg_buf — growable byte buffer and the JSON text writers built on it.
 *
 * Alerts, diagnostics and metrics are assembled here before being written
 * out.  The JSON writers escape exactly what RFC 8259 requires and leave
 * valid non-ASCII UTF-8 (Chinese text) as is. */
#ifndef FG_BUF_H
#define FG_BUF_H
#include <stddef.h>
#include <stdint.h>

typedef struct fg_buf {
    char *p;
    size_t len, cap;
} fg_buf;

void fg_buf_init(fg_buf *b);
void fg_buf_free(fg_buf *b);
void fg_buf_reserve(fg_buf *b, size_t extra);
void fg_buf_put(fg_buf *b, const void *s, size_t n);
void fg_buf_puts(fg_buf *b, const char *s);
void fg_buf_putc(fg_buf *b, char c);
void fg_buf_printf(fg_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* NUL-terminates without counting the NUL in len. */
const char *fg_buf_cstr(fg_buf *b);
/* A JSON string literal, quotes included; invalid UTF-8 bytes become
 * U+FFFD, so the output is always valid. */
void fg_buf_json_str(fg_buf *b, const char *s, size_t n);
/* Money in fen as a JSON number with exactly two decimals: 1250 -> 12.50 */
void fg_buf_json_fen(fg_buf *b, int64_t fen);

#endif

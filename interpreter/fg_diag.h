/* fg_diag — collected diagnostics for rule, manifest and catalog loading.
 *
 * Loading reports every problem it finds (not just the first), each as
 * "FILE:LINE:COL: error: message", optionally followed by the source line,
 * a caret under the offending text and a hint.  The caller decides whether
 * errors are fatal (startup: exit 2) or reject a reload. */
#ifndef FG_DIAG_H
#define FG_DIAG_H
#include "fg_buf.h"
#include <stddef.h>

typedef struct fg_diag {
    fg_buf text;            /* all messages, one or more lines each */
    int errors, warnings;
} fg_diag;

void fg_diag_init(fg_diag *d);
void fg_diag_free(fg_diag *d);
/* line/col 0 mean "unknown" and are left out. src_line (may be NULL) is the
 * text of the offending line, shown with a caret at col spanning len bytes. */
void fg_diag_error(fg_diag *d, const char *file, size_t line, size_t col, const char *src_line,
                   size_t span, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));
void fg_diag_warn(fg_diag *d, const char *file, size_t line, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Text of line number `line` (1-based) in data, without its newline. */
const char *fg_diag_line_of(const char *data, size_t n, size_t line, size_t *len);

#endif

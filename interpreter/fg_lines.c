/* fg_lines — NDJSON line framing (see fg_lines.h). */
#include "fg_lines.h"
#include "fg_mem.h"
#include <stdlib.h>
#include <string.h>

int fg_text_line(const char **p, const char *end, size_t *lineno, const char **line,
                 const char **line_end)
{
    if (*p >= end) return 0;
    const char *nl = memchr(*p, '\n', (size_t)(end - *p));
    const char *le = nl ? nl : end;
    *line = *p;
    *p = nl ? nl + 1 : end;
    if (le > *line && le[-1] == '\r') le--;
    *line_end = le;
    ++*lineno;
    return 1;
}

void fg_lines_init(fg_lines *l, size_t max)
{
    memset(l, 0, sizeof *l);
    l->max = max;
}

void fg_lines_free(fg_lines *l)
{
    free(l->buf);
    l->buf = NULL;
}

static void fg_lines_emit(fg_lines *l, const char *s, size_t n, fg_line_fn fn, void *ud)
{
    if (n && s[n - 1] == '\r') n--;
    fn(ud, s, n, ++l->lineno);
}

static void fg_lines_hold(fg_lines *l, const char *s, size_t n)
{
    if (l->len + n > l->cap) {
        size_t cap = l->cap ? l->cap : 4096;
        while (cap < l->len + n) cap *= 2;
        l->buf = fg_xrealloc(l->buf, cap);
        l->cap = cap;
    }
    memcpy(l->buf + l->len, s, n);
    l->len += n;
}

void fg_lines_feed(fg_lines *l, const char *data, size_t n, fg_line_fn fn, void *ud)
{
    const char *p = data, *end = data + n;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t k = (size_t)((nl ? nl : end) - p);
        if (l->skipping) {
            l->skipped += k;
            if (nl) {
                l->skipping = 0;
                fn(ud, NULL, l->skipped, ++l->lineno);
                l->skipped = 0;
            }
        } else if (l->len + k > l->max + (nl && k && p[k - 1] == '\r')) {
            l->skipping = 1;
            l->skipped = l->len + k;
            l->len = 0;
            if (nl) {
                l->skipping = 0;
                fn(ud, NULL, l->skipped, ++l->lineno);
                l->skipped = 0;
            }
        } else if (!nl) {
            fg_lines_hold(l, p, k);
        } else if (l->len) {
            fg_lines_hold(l, p, k);
            fg_lines_emit(l, l->buf, l->len, fn, ud);
            l->len = 0;
        } else {
            fg_lines_emit(l, p, k, fn, ud);    /* zero copy */
        }
        p += k + (nl != NULL);
    }
    /* give back a large buffer once it is no longer needed */
    if (!l->len && l->cap > (1u << 20)) {
        free(l->buf);
        l->buf = NULL;
        l->cap = 0;
    }
}

size_t fg_lines_finish(fg_lines *l, fg_line_fn fn, void *ud)
{
    size_t n = 0;
    if (l->skipping) {
        n = l->skipped;
        l->skipping = 0;
        fn(ud, NULL, l->skipped, ++l->lineno);
        l->skipped = 0;
    } else if (l->len) {
        n = l->len;
        fg_lines_emit(l, l->buf, l->len, fn, ud);
        l->len = 0;
    }
    return n;
}

size_t fg_lines_pending(const fg_lines *l)
{
    return l->skipping ? l->skipped : l->len;
}

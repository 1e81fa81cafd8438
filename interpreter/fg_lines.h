/* fg_lines — NDJSON framing: splits a byte stream into lines.
 *
 * Push style, so the batch reader and the daemon's sockets share it: feed
 * whatever bytes arrived, get complete lines back.  "\n" ends a line and a
 * "\r" before it is dropped; a last line without "\n" is delivered by
 * fg_lines_finish.  A line longer than the limit is delivered once as
 * overlong (without its text) and the rest of it is skipped, so one huge
 * line cannot exhaust memory. */
#ifndef FG_LINES_H
#define FG_LINES_H
#include <stddef.h>
#include <stdint.h>

typedef struct fg_lines {
    char *buf;
    size_t len, cap;
    size_t max;             /* longest accepted line, bytes */
    uint64_t lineno;        /* lines delivered so far */
    int skipping;           /* inside an overlong line */
    size_t skipped;
} fg_lines;

/* line is NULL when overlong (len = bytes seen before giving up). */
typedef void (*fg_line_fn)(void *ud, const char *line, size_t len, uint64_t lineno);

/* Pull-style reading of a whole text (manifests, fixtures): the next line
 * of *p before end, without its "\n" and "\r"; advances *p and counts
 * *lineno.  0 at the end of the text. */
int fg_text_line(const char **p, const char *end, size_t *lineno, const char **line,
                 const char **line_end);

void fg_lines_init(fg_lines *l, size_t max);
void fg_lines_free(fg_lines *l);
void fg_lines_feed(fg_lines *l, const char *data, size_t n, fg_line_fn fn, void *ud);
/* Delivers a pending partial line (end of input).  Returns its byte count. */
size_t fg_lines_finish(fg_lines *l, fg_line_fn fn, void *ud);
/* Bytes of a partial line held (a producer that disconnects mid-line). */
size_t fg_lines_pending(const fg_lines *l);

#endif

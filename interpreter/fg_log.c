/* fg_log — the daemon's structured log: one JSON object per line on
 * standard error, {"ts":..., "level":..., "msg":..., more fields}.
 *
 * A record is formatted on the caller's stack and written with a single
 * write(2): no lock, so the loop thread, the workers, the evaluator and a
 * forked review child may all log, and records never interleave inside a
 * line (stderr is a pipe or a file opened for appending in practice). */
#include "fg_serve.h"
#include "fg_fdio.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

static _Atomic int fg_log_min = FG_LOG_INFO;
static const char *const fg_log_names[] = {"debug", "info", "warn", "error"};

void fg_log_set_level(fg_loglevel lv)
{
    atomic_store(&fg_log_min, (int)lv);
}

int fg_log_level_parse(const char *s, fg_loglevel *out)
{
    for (int i = 0; i < 4; i++)
        if (!strcmp(s, fg_log_names[i])) {
            *out = (fg_loglevel)i;
            return 0;
        }
    if (!strcmp(s, "warning")) {
        *out = FG_LOG_WARN;
        return 0;
    }
    return -1;
}

int fg_log_on(fg_loglevel lv)
{
    return (int)lv >= atomic_load_explicit(&fg_log_min, memory_order_relaxed);
}

void fg_log_strn(fg_buf *b, const char *key, const char *s, size_t n)
{
    fg_buf_putc(b, ',');
    fg_buf_json_str(b, key, strlen(key));
    fg_buf_putc(b, ':');
    fg_buf_json_str(b, s, n);
}

void fg_log_str(fg_buf *b, const char *key, const char *s)
{
    fg_log_strn(b, key, s ? s : "", s ? strlen(s) : 0);
}

void fg_log_num(fg_buf *b, const char *key, uint64_t v)
{
    fg_buf_putc(b, ',');
    fg_buf_json_str(b, key, strlen(key));
    fg_buf_printf(b, ":%llu", (unsigned long long)v);
}

void fg_log(fg_loglevel lv, const char *fields, const char *fmt, ...)
{
    if (!fg_log_on(lv)) return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n >= sizeof msg) n = (int)sizeof msg - 1;

    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct tm tm;
    gmtime_r(&tv.tv_sec, &tm);
    char ts[64];
    snprintf(ts, sizeof ts, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
             (int)(tv.tv_usec / 1000));

    fg_buf b;
    fg_buf_init(&b);
    fg_buf_printf(&b, "{\"ts\":\"%s\",\"level\":\"%s\",\"msg\":", ts, fg_log_names[lv]);
    fg_buf_json_str(&b, msg, (size_t)n);
    if (fields) fg_buf_puts(&b, fields);
    fg_buf_puts(&b, "}\n");
    fg_write_all(2, b.p, b.len);
    fg_buf_free(&b);
}

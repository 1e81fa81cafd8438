/* fg_src_stream — stream sources: the producer connections accepted on
 * --listen (TCP or Unix socket) and standard input when it is a pipe or a
 * terminal.
 *
 * Bytes are framed into lines as they arrive (fg_lines) and every complete
 * line goes to the pipe at once, so lines of concurrent producers are
 * interleaved line by line in the order the loop read them.  A producer
 * that disconnects in the middle of a line loses only that partial line,
 * which is reported as SOURCE:LINE with the connection named; standard
 * input at its end delivers a last line without "\n" like `fundguard run`.
 * Backpressure stops and restarts reading (uv_read_stop/uv_read_start).
 * Loop thread only. */
#include "fg_serve.h"
#include "fg_mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct fg_conn {
    fg_source src;
    fg_stream_handle u;
    int is_stdin;
    int reading, closing;
} fg_conn;

static void fg_conn_alloc_cb(uv_handle_t *h, size_t hint, uv_buf_t *buf)
{
    fg_conn *c = h->data;
    *buf = uv_buf_init(c->src.srv->rbuf, (unsigned)c->src.srv->rbuf_size);
}

static void fg_conn_closed_cb(uv_handle_t *h)
{
    fg_conn *c = h->data;
    fg_serve *s = c->src.srv;
    if (c->is_stdin) fg_serve_input_ended(s);
    else s->producers--;
    fg_source_detach(&c->src);
    free(c);
}

static void fg_conn_close(fg_conn *c, const char *why)
{
    if (c->closing) return;
    c->closing = 1;
    if (c->reading) uv_read_stop(&c->u.s);
    c->reading = 0;
    fg_buf b;
    fg_buf_init(&b);
    fg_log_str(&b, "source", c->src.name);
    fg_log_num(&b, "lines", c->src.lines.lineno);
    fg_log(FG_LOG_INFO, fg_buf_cstr(&b), "%s closed after %llu lines: %s", c->src.name,
           (unsigned long long)c->src.lines.lineno, why);
    fg_buf_free(&b);
    uv_close(&c->u.h, fg_conn_closed_cb);
}

static void fg_conn_read_cb(uv_stream_t *st, ssize_t n, const uv_buf_t *buf)
{
    fg_conn *c = st->data;
    if (n > 0) {
        fg_lines_feed(&c->src.lines, buf->base, (size_t)n, fg_source_line, &c->src);
        fg_serve_pressure(c->src.srv);
        return;
    }
    if (n == 0) return;
    if (c->is_stdin && n == UV_EOF) {
        fg_lines_finish(&c->src.lines, fg_source_line, &c->src);
        fg_conn_close(c, "end of input");
        return;
    }
    const char *why = n == UV_EOF ? "connection closed" : uv_strerror((int)n);
    fg_source_partial(&c->src, why);
    fg_conn_close(c, why);
}

static void fg_conn_pause(fg_source *src)
{
    fg_conn *c = (fg_conn *)src;
    if (!c->reading || c->closing) return;
    uv_read_stop(&c->u.s);
    c->reading = 0;
}

static void fg_conn_resume(fg_source *src)
{
    fg_conn *c = (fg_conn *)src;
    if (c->reading || c->closing) return;
    if (uv_read_start(&c->u.s, fg_conn_alloc_cb, fg_conn_read_cb) == 0) c->reading = 1;
}

static void fg_conn_stop(fg_source *src)
{
    fg_conn *c = (fg_conn *)src;
    if (c->closing) return;
    fg_source_partial(src, "shutdown");
    fg_conn_close(c, "shutdown");
}

static const fg_source_ops fg_conn_ops = {fg_conn_pause, fg_conn_resume, fg_conn_stop};

static void fg_conn_rejected_cb(uv_handle_t *h)
{
    free(h->data);
}

void fg_src_stream_listen(fg_listener *l)
{
    fg_serve *s = l->srv;
    fg_conn *c = fg_xcalloc(1, sizeof *c);
    int rc = fg_listener_accept(l, &c->u);
    c->u.h.data = c;
    if (rc || s->draining) {
        uv_close(&c->u.h, fg_conn_rejected_cb);
        return;
    }
    char name[300];
    fg_listener_peer(l, &c->u, name, sizeof name);
    fg_source_attach(s, &c->src, &fg_conn_ops, name, l->slot, 0);
    c->src.drains = 1;
    s->producers++;
    s->producers_total++;
    fg_buf b;
    fg_buf_init(&b);
    fg_log_str(&b, "source", name);
    fg_log_str(&b, "listener", l->bound);
    fg_log(FG_LOG_INFO, fg_buf_cstr(&b), "producer %s connected", name);
    fg_buf_free(&b);
    if (!s->paused) fg_conn_resume(&c->src);
}

int fg_src_stdin_open(fg_serve *s, int slot, char *err, size_t errlen)
{
    uv_handle_type t = uv_guess_handle(0);
    if (t != UV_TTY && t != UV_NAMED_PIPE) return fg_src_file_open(s, NULL, 0, slot, err, errlen);
    fg_conn *c = fg_xcalloc(1, sizeof *c);
    c->is_stdin = 1;
    int rc;
    if (t == UV_TTY) {
        if ((rc = uv_tty_init(s->loop, &c->u.tty, 0, 1))) free(c);
    } else {
        uv_pipe_init(s->loop, &c->u.pipe, 0);
        c->u.h.data = c;
        if ((rc = uv_pipe_open(&c->u.pipe, 0))) uv_close(&c->u.h, fg_conn_rejected_cb);
    }
    if (rc) {
        snprintf(err, errlen, "cannot read standard input: %s", uv_strerror(rc));
        return -1;
    }
    c->u.h.data = c;
    fg_source_attach(s, &c->src, &fg_conn_ops, "stdin", slot, 1);
    c->src.drains = 1;
    fg_conn_resume(&c->src);
    return 0;
}

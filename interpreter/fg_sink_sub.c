/* fg_sink_sub — subscribers: TCP or Unix-socket clients of --subscribe
 * that receive the alert stream from the moment they connect.
 *
 * Each chunk is one uv_write holding a chunk reference until its callback,
 * so libuv's own write queue is the sink's queue; `queued` counts the
 * bytes still in it.  A subscriber that stops reading lets its queue grow
 * to --max-queue, then the sources stop (backpressure) until it reads
 * again.  Whatever a subscriber sends is read and ignored; its end of
 * stream closes it.  Loop thread only. */
#include "fg_serve.h"
#include "fg_mem.h"
#include <stdlib.h>

typedef struct fg_subconn {
    fg_sink k;
    fg_stream_handle u;
    int closing;
} fg_subconn;

typedef struct fg_subwrite {
    uv_write_t req;
    fg_subconn *sc;
    fg_chunk *c;
} fg_subwrite;

static void fg_sub_closed_cb(uv_handle_t *h)
{
    fg_subconn *sc = h->data;
    fg_serve *s = sc->k.srv;
    s->subscribers--;
    fg_sink_detach(&sc->k);
    free(sc);
}

static void fg_sub_close(fg_subconn *sc, const char *why)
{
    if (sc->closing) return;
    sc->closing = 1;
    fg_buf b;
    fg_buf_init(&b);
    fg_log_str(&b, "subscriber", sc->k.name);
    fg_log(FG_LOG_INFO, fg_buf_cstr(&b), "subscriber %s closed: %s", sc->k.name, why);
    fg_buf_free(&b);
    uv_close(&sc->u.h, fg_sub_closed_cb);
}

static void fg_sub_written_cb(uv_write_t *req, int status)
{
    fg_subwrite *w = (fg_subwrite *)req;
    fg_subconn *sc = w->sc;
    size_t n = w->c->len;
    fg_chunk_unref(w->c);
    free(w);
    if (status < 0 && status != UV_ECANCELED) fg_sub_close(sc, uv_strerror(status));
    fg_sink_done(&sc->k, n);
}

static void fg_sub_push(fg_sink *k, fg_chunk *c)
{
    fg_subconn *sc = (fg_subconn *)k;
    if (sc->closing) {
        size_t n = c->len;
        fg_chunk_unref(c);
        fg_sink_done(k, n);
        return;
    }
    fg_subwrite *w = fg_xmalloc(sizeof *w);
    w->sc = sc;
    w->c = c;
    uv_buf_t buf = uv_buf_init(c->p, (unsigned)c->len);
    int rc = uv_write(&w->req, &sc->u.s, &buf, 1, fg_sub_written_cb);
    if (rc) {
        free(w);
        fg_chunk_unref(c);
        fg_sub_close(sc, uv_strerror(rc));
        fg_sink_done(k, buf.len);
    }
}

static void fg_sub_alloc_cb(uv_handle_t *h, size_t hint, uv_buf_t *buf)
{
    fg_subconn *sc = h->data;
    *buf = uv_buf_init(sc->k.srv->rbuf, (unsigned)sc->k.srv->rbuf_size);
}

static void fg_sub_read_cb(uv_stream_t *st, ssize_t n, const uv_buf_t *buf)
{
    fg_subconn *sc = st->data;
    if (n < 0) fg_sub_close(sc, n == UV_EOF ? "end of stream" : uv_strerror((int)n));
}

static void fg_sub_shutdown_cb(uv_shutdown_t *req, int status)
{
    fg_subconn *sc = req->data;
    free(req);
    fg_sub_close(sc, "shutdown");
}

/* Shutdown: called once everything is written. */
static void fg_sub_sink_close(fg_sink *k)
{
    fg_subconn *sc = (fg_subconn *)k;
    if (sc->closing) return;
    uv_shutdown_t *req = fg_xmalloc(sizeof *req);
    req->data = sc;
    if (uv_shutdown(req, &sc->u.s, fg_sub_shutdown_cb)) {
        free(req);
        fg_sub_close(sc, "shutdown");
    }
}

static void fg_sub_reopen(fg_sink *k)
{
    (void)k;
}

static const fg_sink_ops fg_sub_ops = {fg_sub_push, fg_sub_reopen, fg_sub_sink_close};

static void fg_sub_rejected_cb(uv_handle_t *h)
{
    free(h->data);
}

void fg_sink_sub_listen(fg_listener *l)
{
    fg_serve *s = l->srv;
    fg_subconn *sc = fg_xcalloc(1, sizeof *sc);
    int rc = fg_listener_accept(l, &sc->u);
    sc->u.h.data = sc;
    if (rc || s->draining) {
        uv_close(&sc->u.h, fg_sub_rejected_cb);
        return;
    }
    char name[300];
    fg_listener_peer(l, &sc->u, name, sizeof name);
    fg_sink_attach(s, &sc->k, &fg_sub_ops, name);
    sc->k.subscriber = 1;
    s->subscribers++;
    s->subscribers_total++;
    uv_read_start(&sc->u.s, fg_sub_alloc_cb, fg_sub_read_cb);
    fg_buf b;
    fg_buf_init(&b);
    fg_log_str(&b, "subscriber", name);
    fg_log(FG_LOG_INFO, fg_buf_cstr(&b), "subscriber %s connected", name);
    fg_buf_free(&b);
}

/* fg_admin — the admin endpoint: HTTP/1.1 on a loopback address
 * (--admin, default 127.0.0.1:7471).
 *
 *   GET  /healthz   200 {"status":"ok",...}, 503 while shutting down
 *   GET  /metrics   Prometheus text format (fg_metrics.c)
 *   GET  /rules     the live ruleset version and its rules, JSON
 *   POST /reload    loads the ruleset again; answers once the new version
 *                   is live (200 "swapped"), was identical (200
 *                   "unchanged") or was rejected (422 "failed", with its
 *                   FILE:LINE:COL diagnostics)
 *
 * Keep-alive and pipelined requests are served in order; a POST /reload
 * holds the requests behind it until it is answered.  Loop thread only. */
#include "fg_serve.h"
#include "fg_mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FG_ADMIN_MAX_HEAD 16384

typedef struct fg_aconn {
    struct fg_aconn *next, *prev;
    fg_admin *a;
    fg_stream_handle u;
    fg_buf in;
    int closing, waiting, close_after;
    int head_only;
    int writes;             /* responses not yet written */
} fg_aconn;

struct fg_admin {
    fg_serve *srv;
    fg_listener *l;
    fg_aconn *conns;
};

typedef struct fg_awrite {
    uv_write_t req;
    fg_aconn *c;
    char data[];
} fg_awrite;

static void fg_aconn_process(fg_aconn *c);
static void fg_aconn_alloc_cb(uv_handle_t *h, size_t hint, uv_buf_t *buf);
static void fg_aconn_read_cb(uv_stream_t *st, ssize_t n, const uv_buf_t *buf);

static void fg_aconn_closed_cb(uv_handle_t *h)
{
    fg_aconn *c = h->data;
    fg_buf_free(&c->in);
    free(c);
}

static void fg_aconn_close(fg_aconn *c)
{
    if (c->closing) return;
    c->closing = 1;
    fg_admin *a = c->a;
    if (c->prev) c->prev->next = c->next;
    else a->conns = c->next;
    if (c->next) c->next->prev = c->prev;
    if (c->waiting) fg_reload_forget(a->srv->reload, c);
    uv_close(&c->u.h, fg_aconn_closed_cb);
}

/* A connection closes once asked to (Connection: close, or the client's
 * end of stream) and nothing is left to answer or to write. */
static void fg_aconn_maybe_close(fg_aconn *c)
{
    if (c->close_after && !c->writes && !c->waiting) fg_aconn_close(c);
}

static void fg_aconn_written_cb(uv_write_t *req, int status)
{
    fg_awrite *w = (fg_awrite *)req;
    fg_aconn *c = w->c;
    free(w);
    c->writes--;
    if (status < 0) fg_aconn_close(c);
    else fg_aconn_maybe_close(c);
}

static void fg_aconn_respond(fg_aconn *c, int status, const char *ctype, const char *body,
                             size_t len, const char *extra)
{
    if (c->closing) return;
    int close_after = c->close_after;
    char head[512];
    int hn = snprintf(head, sizeof head,
                      "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
                      "Cache-Control: no-store\r\n%sConnection: %s\r\n\r\n",
                      status, fg_http_reason(status), ctype, len, extra ? extra : "",
                      close_after ? "close" : "keep-alive");
    size_t blen = c->head_only ? 0 : len;
    fg_awrite *w = fg_xmalloc(sizeof *w + (size_t)hn + blen);
    w->c = c;
    memcpy(w->data, head, (size_t)hn);
    if (blen) memcpy(w->data + hn, body, blen);
    uv_buf_t buf = uv_buf_init(w->data, (unsigned)((size_t)hn + blen));
    if (uv_write(&w->req, &c->u.s, &buf, 1, fg_aconn_written_cb)) {
        free(w);
        fg_aconn_close(c);
        return;
    }
    c->writes++;
}

static void fg_aconn_json(fg_aconn *c, int status, fg_buf *b)
{
    fg_buf_putc(b, '\n');
    fg_aconn_respond(c, status, "application/json", b->p, b->len, NULL);
}

static void fg_aconn_error(fg_aconn *c, int status)
{
    fg_buf b;
    fg_buf_init(&b);
    fg_buf_puts(&b, "{\"error\":");
    fg_buf_json_str(&b, fg_http_reason(status), strlen(fg_http_reason(status)));
    fg_buf_putc(&b, '}');
    fg_aconn_json(c, status, &b);
    fg_buf_free(&b);
}

static void fg_admin_reload_done(void *ud, int result, const char *version, const char *diag)
{
    fg_aconn *c = ud;
    static const char *const names[] = {"swapped", "unchanged", "failed", "cancelled"};
    static const int codes[] = {200, 200, 422, 503};
    c->waiting = 0;
    fg_buf b;
    fg_buf_init(&b);
    fg_buf_puts(&b, "{\"result\":");
    fg_buf_json_str(&b, names[result], strlen(names[result]));
    fg_buf_puts(&b, ",\"version\":");
    if (version) fg_buf_json_str(&b, version, strlen(version));
    else fg_buf_puts(&b, "null");
    fg_buf_puts(&b, ",\"diagnostics\":");
    fg_buf_json_str(&b, diag ? diag : "", diag ? strlen(diag) : 0);
    fg_buf_putc(&b, '}');
    fg_aconn_json(c, codes[result], &b);
    fg_buf_free(&b);
    if (c->closing) return;
    if (c->close_after) {
        fg_aconn_process(c);    /* what the client sent before its end */
        fg_aconn_maybe_close(c);
    } else {
        uv_read_start(&c->u.s, fg_aconn_alloc_cb, fg_aconn_read_cb);
        fg_aconn_process(c);
    }
}

static void fg_admin_health(fg_aconn *c)
{
    fg_serve *s = c->a->srv;
    fg_buf b;
    fg_buf_init(&b);
    fg_buf_printf(&b, "{\"status\":\"%s\",\"ruleset\":", s->draining ? "draining" : "ok");
    fg_buf_json_str(&b, s->rs->name, strlen(s->rs->name));
    fg_buf_printf(&b, ",\"version\":\"%s\",\"uptime_seconds\":%lld}", s->rs->version,
                  (long long)(time(NULL) - s->started));
    fg_aconn_json(c, s->draining ? 503 : 200, &b);
    fg_buf_free(&b);
}

static void fg_aconn_dispatch(fg_aconn *c, const fg_http_req *req)
{
    fg_serve *s = c->a->srv;
    s->admin_requests++;
    char path[sizeof req->target];
    memcpy(path, req->target, sizeof path);
    path[strcspn(path, "?#")] = '\0';
    int get = !strcmp(req->method, "GET") || !strcmp(req->method, "HEAD");
    c->head_only = !strcmp(req->method, "HEAD");
    if (!req->keep_alive) c->close_after = 1;
    if (!strcmp(path, "/healthz")) {
        if (!get) goto not_allowed_get;
        fg_admin_health(c);
    } else if (!strcmp(path, "/metrics")) {
        if (!get) goto not_allowed_get;
        fg_buf b;
        fg_buf_init(&b);
        fg_metrics_render(s, &b);
        fg_aconn_respond(c, 200, "text/plain; version=0.0.4; charset=utf-8", b.p, b.len, NULL);
        fg_buf_free(&b);
    } else if (!strcmp(path, "/rules")) {
        if (!get) goto not_allowed_get;
        fg_buf b;
        fg_buf_init(&b);
        fg_rules_render(s, &b);
        fg_aconn_json(c, 200, &b);
        fg_buf_free(&b);
    } else if (!strcmp(path, "/reload")) {
        if (strcmp(req->method, "POST")) {
            const char *m = "{\"error\":\"use POST /reload\"}\n";
            fg_aconn_respond(c, 405, "application/json", m, strlen(m), "Allow: POST\r\n");
            return;
        }
        c->waiting = 1;
        uv_read_stop(&c->u.s);
        fg_reload_request(s->reload, "admin request", fg_admin_reload_done, c);
    } else {
        fg_aconn_error(c, 404);
    }
    return;
not_allowed_get:;
    const char *m = "{\"error\":\"use GET\"}\n";
    fg_aconn_respond(c, 405, "application/json", m, strlen(m), "Allow: GET, HEAD\r\n");
}

static void fg_aconn_alloc_cb(uv_handle_t *h, size_t hint, uv_buf_t *buf)
{
    fg_aconn *c = h->data;
    fg_buf_reserve(&c->in, 4096);
    *buf = uv_buf_init(c->in.p + c->in.len, (unsigned)(c->in.cap - c->in.len));
}

static void fg_aconn_process(fg_aconn *c)
{
    while (!c->closing && !c->waiting && c->in.len) {
        fg_http_req req;
        long r = fg_http_parse(c->in.p, c->in.len, FG_ADMIN_MAX_HEAD, &req);
        if (r == 0) return;
        if (r < 0) {
            c->close_after = 1;
            c->head_only = 0;
            uv_read_stop(&c->u.s);
            fg_aconn_error(c, (int)-r);
            c->in.len = 0;
            return;
        }
        size_t total = (size_t)r + req.content_length;
        if (c->in.len < total) return;      /* the body is not all here yet */
        fg_aconn_dispatch(c, &req);
        memmove(c->in.p, c->in.p + total, c->in.len - total);
        c->in.len -= total;
        if (!req.keep_alive) {      /* Connection: close: the last one */
            uv_read_stop(&c->u.s);
            c->in.len = 0;
            return;
        }
    }
}

static void fg_aconn_read_cb(uv_stream_t *st, ssize_t n, const uv_buf_t *buf)
{
    fg_aconn *c = st->data;
    if (n == UV_EOF) {          /* half close: answer what was asked, then close */
        uv_read_stop(st);
        c->close_after = 1;
        fg_aconn_maybe_close(c);
        return;
    }
    if (n < 0) {
        fg_aconn_close(c);
        return;
    }
    c->in.len += (size_t)n;
    fg_aconn_process(c);
}

static void fg_admin_accept(fg_listener *l)
{
    fg_admin *a = l->ud;
    fg_aconn *c = fg_xcalloc(1, sizeof *c);
    c->a = a;
    fg_buf_init(&c->in);
    int rc = fg_listener_accept(l, &c->u);
    c->u.h.data = c;
    c->next = a->conns;
    if (a->conns) a->conns->prev = c;
    a->conns = c;
    if (rc) {
        fg_aconn_close(c);
        return;
    }
    uv_read_start(&c->u.s, fg_aconn_alloc_cb, fg_aconn_read_cb);
}

fg_admin *fg_admin_new(fg_serve *s, const char *addr, char *err, size_t errlen)
{
    fg_admin *a = fg_xcalloc(1, sizeof *a);
    a->srv = s;
    a->l = fg_listen(s, addr, fg_admin_accept, a, err, errlen);
    if (!a->l) {
        free(a);
        return NULL;
    }
    return a;
}

void fg_admin_close(fg_admin *a)
{
    if (!a) return;
    if (a->l) fg_listener_close(a->l);
    while (a->conns) fg_aconn_close(a->conns);
    free(a);
}

const char *fg_admin_bound(const fg_admin *a)
{
    return a->l->bound;
}

/* fg_sink_fd — the alert stream to standard output or an append-only file.
 *
 * Writes go through the libuv thread pool (uv_fs_write), one request at a
 * time so lines keep their order, each gathering up to FG_FD_IOV queued
 * chunks.  A short write (a pipe) continues where it stopped.  A file is
 * opened with O_APPEND and reopened on SIGHUP and when it was rotated away
 * (checked every second: the path names another file, or none), so
 * logrotate's create mode works without losing a line.  A write error on a
 * file is logged and retried a second later (after a reopen); a full
 * non-blocking descriptor (EAGAIN) is tried again 20 ms later; a reader
 * that went away (EPIPE) ends the sink and its alerts are dropped, so the
 * daemon does not stall behind it. */
#include "fg_serve.h"
#include "fg_mem.h"
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FG_FD_IOV 64
#define FG_FD_CHECK_MS 1000

typedef struct fg_fdsink {
    fg_sink k;
    char *path;                 /* NULL: standard output */
    int fd;
    dev_t dev;
    ino_t ino;
    fg_chunk **q;               /* ring of queued chunks */
    size_t qhead, qlen, qcap;
    size_t off;                 /* bytes of the first chunk already written */
    uv_fs_t req;
    uv_buf_t bufs[FG_FD_IOV];
    int writing, reopen_wanted, broken;
    int failing;                /* a write failed: the timer retries it */
    int err_logged;
    uv_timer_t timer;           /* rotation check and retry */
} fg_fdsink;

static void fg_fdsink_write(fg_fdsink *f);
static void fg_fdsink_timer_cb(uv_timer_t *t);

static int fg_fdsink_open(fg_fdsink *f)
{
    int fd = open(f->path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) return -errno;
    struct stat st;
    fstat(fd, &st);
    if (f->fd >= 0) close(f->fd);
    f->fd = fd;
    f->dev = st.st_dev;
    f->ino = st.st_ino;
    return 0;
}

static void fg_fdsink_reopen_now(fg_fdsink *f)
{
    f->reopen_wanted = 0;
    int rc = fg_fdsink_open(f);
    fg_buf b;
    fg_buf_init(&b);
    fg_log_str(&b, "sink", f->path);
    if (rc) fg_log(FG_LOG_ERROR, fg_buf_cstr(&b), "cannot reopen %s: %s; writing on", f->path,
                   strerror(-rc));
    else fg_log(FG_LOG_INFO, fg_buf_cstr(&b), "reopened %s", f->path);
    fg_buf_free(&b);
}

static void fg_fdsink_drop_all(fg_fdsink *f)
{
    size_t n = 0;
    while (f->qlen) {
        fg_chunk *c = f->q[f->qhead];
        n += c->len - f->off;
        f->off = 0;
        f->qhead = (f->qhead + 1) % f->qcap;
        f->qlen--;
        fg_chunk_unref(c);
    }
    if (n) fg_sink_done(&f->k, n);
}

static void fg_fdsink_written_cb(uv_fs_t *req)
{
    fg_fdsink *f = req->data;
    ssize_t r = req->result;
    uv_fs_req_cleanup(req);
    f->writing = 0;
    if (r < 0) {
        const char *what = f->path ? f->path : "standard output";
        if (r == UV_EAGAIN) {  /* a non-blocking descriptor is full: soon again */
            f->failing = 1;
            uv_timer_start(&f->timer, fg_fdsink_timer_cb, 20, FG_FD_CHECK_MS);
            return;
        }
        if (r == UV_EPIPE || r == UV_EBADF || !f->path) {
            fg_log(FG_LOG_ERROR, NULL, "cannot write alerts to %s: %s; its alerts are dropped",
                   what, uv_strerror((int)r));
            f->broken = 1;
            fg_fdsink_drop_all(f);
            return;
        }
        if (!f->err_logged)
            fg_log(FG_LOG_ERROR, NULL, "cannot write alerts to %s: %s; retrying every second",
                   what, uv_strerror((int)r));
        f->err_logged = 1;
        f->failing = 1;
        f->reopen_wanted = 1;
        return;                 /* the timer retries */
    }
    if (f->err_logged) {
        fg_log(FG_LOG_INFO, NULL, "writing alerts to %s again", f->path);
        f->err_logged = 0;
    }
    size_t left = (size_t)r;
    while (left && f->qlen) {
        fg_chunk *c = f->q[f->qhead];
        size_t rest = c->len - f->off;
        if (left < rest) {
            f->off += left;
            break;
        }
        left -= rest;
        f->off = 0;
        f->qhead = (f->qhead + 1) % f->qcap;
        f->qlen--;
        fg_chunk_unref(c);
    }
    if (f->reopen_wanted) fg_fdsink_reopen_now(f);
    fg_fdsink_write(f);
    fg_sink_done(&f->k, (size_t)r);    /* last: may close the server */
}

static void fg_fdsink_write(fg_fdsink *f)
{
    if (f->writing || !f->qlen || f->broken || f->failing) return;
    size_t n = f->qlen < FG_FD_IOV ? f->qlen : FG_FD_IOV;
    for (size_t i = 0; i < n; i++) {
        fg_chunk *c = f->q[(f->qhead + i) % f->qcap];
        size_t skip = i == 0 ? f->off : 0;
        f->bufs[i] = uv_buf_init(c->p + skip, (unsigned)(c->len - skip));
    }
    f->req.data = f;
    f->writing = 1;
    uv_fs_write(f->k.srv->loop, &f->req, f->fd, f->bufs, (unsigned)n, -1, fg_fdsink_written_cb);
}

static void fg_fdsink_push(fg_sink *k, fg_chunk *c)
{
    fg_fdsink *f = (fg_fdsink *)k;
    if (f->broken) {
        size_t n = c->len;
        fg_chunk_unref(c);
        fg_sink_done(k, n);
        return;
    }
    if (f->qlen == f->qcap) {
        size_t cap = f->qcap ? f->qcap * 2 : 64;
        fg_chunk **q = fg_xmalloc(cap * sizeof *q);
        for (size_t i = 0; i < f->qlen; i++) q[i] = f->q[(f->qhead + i) % f->qcap];
        free(f->q);
        f->q = q;
        f->qcap = cap;
        f->qhead = 0;
    }
    f->q[(f->qhead + f->qlen++) % f->qcap] = c;
    fg_fdsink_write(f);
}

static void fg_fdsink_timer_cb(uv_timer_t *t)
{
    fg_fdsink *f = t->data;
    struct stat st;
    if (f->path && !f->reopen_wanted &&
        (stat(f->path, &st) || st.st_dev != f->dev || st.st_ino != f->ino))
        f->reopen_wanted = 1;   /* rotated away */
    if (f->reopen_wanted && !f->writing) fg_fdsink_reopen_now(f);
    if (f->failing && !f->writing) {
        f->failing = 0;
        fg_fdsink_write(f);
    }
}

static void fg_fdsink_reopen(fg_sink *k)
{
    fg_fdsink *f = (fg_fdsink *)k;
    if (!f->path) return;
    f->reopen_wanted = 1;
    if (!f->writing) fg_fdsink_reopen_now(f);
}

static void fg_fdsink_closed_cb(uv_handle_t *h)
{
    fg_fdsink *f = h->data;
    fg_fdsink_drop_all(f);
    if (f->path && f->fd >= 0) close(f->fd);
    free(f->path);
    free(f->q);
    free(f);
}

static void fg_fdsink_close(fg_sink *k)
{
    fg_fdsink *f = (fg_fdsink *)k;
    fg_sink_detach(k);
    uv_close((uv_handle_t *)&f->timer, fg_fdsink_closed_cb);
}

static const fg_sink_ops fg_fdsink_ops = {fg_fdsink_push, fg_fdsink_reopen, fg_fdsink_close};

int fg_sink_fd_open(fg_serve *s, const char *path, char *err, size_t errlen)
{
    fg_fdsink *f = fg_xcalloc(1, sizeof *f);
    f->fd = -1;
    if (path && strcmp(path, "-")) {
        f->path = fg_xstrdup(path);
        int rc = fg_fdsink_open(f);
        if (rc) {
            snprintf(err, errlen, "cannot open output %s: %s", path, strerror(-rc));
            free(f->path);
            free(f);
            return -1;
        }
    } else {
        f->fd = 1;
    }
    fg_sink_attach(s, &f->k, &fg_fdsink_ops, f->path ? f->path : "stdout");
    uv_timer_init(s->loop, &f->timer);
    f->timer.data = f;
    uv_timer_start(&f->timer, fg_fdsink_timer_cb, FG_FD_CHECK_MS, FG_FD_CHECK_MS);
    uv_unref((uv_handle_t *)&f->timer);
    return 0;
}

/* fg_src_file — file sources: --input FILE (read once, to its end, like
 * `fundguard run`) and --follow FILE (read, then follow as it grows, like
 * `tail -F`), and standard input when it is a regular file.
 *
 * Reads go through the libuv thread pool (uv_fs_read), one at a time.  A
 * followed file is checked every FG_FOLLOW_MS once its end is reached:
 * more bytes are read; a path that now names another file (rotation) ends
 * the old file (its last line without "\n" counts, as at any end of file)
 * and the new one is read from its start with line numbers from 1; a file
 * that became shorter (copytruncate) is read again from its start.  A
 * followed file that does not exist yet is waited for.  Backpressure just
 * holds back the next read.  Loop thread only. */
#include "fg_serve.h"
#include "fg_mem.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FG_FSRC_BUF (256u << 10)
#define FG_FOLLOW_MS 100

typedef struct fg_fsrc {
    fg_source src;
    char *path;                 /* NULL: standard input */
    int follow;
    int fd;
    int64_t off;
    dev_t dev;
    ino_t ino;
    uv_fs_t req;
    uv_timer_t timer;
    char *buf;
    int reading, paused, stopping, closing, waiting_logged;
} fg_fsrc;

static void fg_fsrc_read(fg_fsrc *f);

static void fg_fsrc_log(fg_fsrc *f, fg_loglevel lv, const char *what, const char *detail)
{
    fg_buf b;
    fg_buf_init(&b);
    fg_log_str(&b, "source", f->src.name);
    if (detail) fg_log(lv, fg_buf_cstr(&b), "%s: %s: %s", f->src.name, what, detail);
    else fg_log(lv, fg_buf_cstr(&b), "%s: %s", f->src.name, what);
    fg_buf_free(&b);
}

static void fg_fsrc_closed_cb(uv_handle_t *h)
{
    fg_fsrc *f = h->data;
    fg_serve *s = f->src.srv;
    int input = f->src.is_input;
    if (f->path && f->fd >= 0) close(f->fd);
    fg_source_detach(&f->src);
    free(f->path);
    free(f->buf);
    free(f);
    if (input) fg_serve_input_ended(s);
}

static void fg_fsrc_close(fg_fsrc *f)
{
    if (f->closing) return;
    f->closing = 1;
    uv_close((uv_handle_t *)&f->timer, fg_fsrc_closed_cb);
}

static int fg_fsrc_open(fg_fsrc *f)
{
    int fd = open(f->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -errno;
    struct stat st;
    fstat(fd, &st);
    if (f->fd >= 0) close(f->fd);
    f->fd = fd;
    f->off = 0;
    f->dev = st.st_dev;
    f->ino = st.st_ino;
    return 0;
}

static void fg_fsrc_restart_lines(fg_fsrc *f)
{
    size_t max = f->src.lines.max;
    fg_lines_free(&f->src.lines);
    fg_lines_init(&f->src.lines, max);
}

static void fg_fsrc_read_cb(uv_fs_t *req)
{
    fg_fsrc *f = req->data;
    ssize_t r = req->result;
    uv_fs_req_cleanup(req);
    f->reading = 0;
    if (f->stopping) {
        fg_source_partial(&f->src, "shutdown");
        fg_fsrc_close(f);
        return;
    }
    if (r > 0) {
        f->off += r;
        fg_lines_feed(&f->src.lines, f->buf, (size_t)r, fg_source_line, &f->src);
        fg_serve_pressure(f->src.srv);
        fg_fsrc_read(f);
        return;
    }
    if (r < 0) fg_fsrc_log(f, FG_LOG_ERROR, "cannot read", uv_strerror((int)r));
    if (r < 0 || !f->follow) {
        fg_lines_finish(&f->src.lines, fg_source_line, &f->src);
        fg_fsrc_close(f);
    }
    /* following: the timer looks again */
}

static void fg_fsrc_read(fg_fsrc *f)
{
    if (f->reading || f->paused || f->stopping || f->closing || f->fd < 0) return;
    f->reading = 1;
    f->req.data = f;
    uv_buf_t b = uv_buf_init(f->buf, FG_FSRC_BUF);
    uv_fs_read(f->src.srv->loop, &f->req, f->fd, &b, 1, f->path ? f->off : -1, fg_fsrc_read_cb);
}

static void fg_fsrc_timer_cb(uv_timer_t *t)
{
    fg_fsrc *f = t->data;
    if (f->reading || f->paused || f->stopping || f->closing) return;
    if (f->fd < 0) {                /* waiting for the file to appear */
        int rc = fg_fsrc_open(f);
        if (rc == 0) {
            fg_fsrc_log(f, FG_LOG_INFO, "appeared; following it", NULL);
            fg_fsrc_read(f);
        }
        return;
    }
    struct stat fst, pst;
    if (fstat(f->fd, &fst)) return;
    if (fst.st_size > f->off) {
        fg_fsrc_read(f);
        return;
    }
    if (stat(f->path, &pst) == 0 && (pst.st_ino != f->ino || pst.st_dev != f->dev)) {
        /* rotated: the old file has been read to its end */
        fg_lines_finish(&f->src.lines, fg_source_line, &f->src);
        int rc = fg_fsrc_open(f);
        if (rc) {
            fg_fsrc_log(f, FG_LOG_WARN, "rotated, cannot open the new file", strerror(-rc));
            return;
        }
        fg_fsrc_restart_lines(f);
        fg_fsrc_log(f, FG_LOG_INFO, "rotated; reading the new file from its start", NULL);
        fg_fsrc_read(f);
        return;
    }
    if (fst.st_size < f->off) {
        fg_fsrc_restart_lines(f);
        f->off = 0;
        fg_fsrc_log(f, FG_LOG_WARN, "truncated; reading it again from its start", NULL);
        fg_fsrc_read(f);
    }
}

static void fg_fsrc_pause(fg_source *src)
{
    ((fg_fsrc *)src)->paused = 1;
}

static void fg_fsrc_resume(fg_source *src)
{
    fg_fsrc *f = (fg_fsrc *)src;
    f->paused = 0;
    fg_fsrc_read(f);
}

static void fg_fsrc_stop(fg_source *src)
{
    fg_fsrc *f = (fg_fsrc *)src;
    if (f->stopping || f->closing) return;
    f->stopping = 1;
    if (!f->reading) {
        fg_source_partial(src, "shutdown");
        fg_fsrc_close(f);
    }
}

static const fg_source_ops fg_fsrc_ops = {fg_fsrc_pause, fg_fsrc_resume, fg_fsrc_stop};

int fg_src_file_open(fg_serve *s, const char *path, int follow, int slot, char *err,
                     size_t errlen)
{
    fg_fsrc *f = fg_xcalloc(1, sizeof *f);
    f->fd = -1;
    f->follow = follow;
    if (path) {
        f->path = fg_xstrdup(path);
        int rc = fg_fsrc_open(f);
        if (rc && !(follow && rc == -ENOENT)) {
            snprintf(err, errlen, "cannot open input %s: %s", path, strerror(-rc));
            free(f->path);
            free(f);
            return -1;
        }
    } else {
        f->fd = 0;
    }
    f->buf = fg_xmalloc(FG_FSRC_BUF);
    fg_source_attach(s, &f->src, &fg_fsrc_ops, path ? path : "stdin", slot, !follow);
    uv_timer_init(s->loop, &f->timer);
    f->timer.data = f;
    if (follow) {
        uv_timer_start(&f->timer, fg_fsrc_timer_cb, FG_FOLLOW_MS, FG_FOLLOW_MS);
        if (f->fd < 0) fg_fsrc_log(f, FG_LOG_WARN, "does not exist yet; waiting for it", NULL);
    }
    if (!s->paused) fg_fsrc_read(f);
    else f->paused = 1;
    return 0;
}

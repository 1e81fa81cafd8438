/* fg_reload — hot reload of the ruleset (DESIGN.md principle 4).
 *
 * Triggers: a change in a watched folder (the ruleset folder, its catalog
 * folder, the folder of every plugin of the live version, and the folder
 * holding the ruleset when that is a symlink switched at deployment;
 * uv_fs_event, debounced by --reload-delay so that an editor's burst of
 * writes gives one load), SIGHUP, and POST /reload.
 *
 * A load runs on the libuv thread pool (uv_queue_work): fg_ruleset_load
 * reads, compiles and checks the whole version there, off the loop and the
 * evaluator; its only touch of host state, creating named stores, passes
 * the evaluator's gate (fg_serve_eval.c).  Then, on the loop thread:
 *
 *   - a version that fails is rejected: its FILE:LINE:COL diagnostics go to
 *     the log and to whoever asked (POST /reload), the live version stays;
 *   - a version identical to the live one (same hash) is dropped;
 *   - otherwise it is handed to the evaluator, which swaps it in between
 *     two batches: each event is evaluated by exactly one version, and the
 *     state is the same fg_state throughout.  The evaluator hands the old
 *     version back (fg_reload_swapped) and it is freed here, on the loop
 *     thread, where nothing uses it any more.
 *
 * One load at a time: a request during a load asks for one more load after
 * it (the files may have changed after the running load read them).  Loop
 * thread only, except fg_reload_work_cb. */
#include "fg_serve.h"
#include "fg_file.h"
#include "fg_mem.h"
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

typedef struct fg_waiter {
    struct fg_waiter *next;
    fg_reload_fn fn;
    void *ud;
} fg_waiter;

struct fg_reload {
    fg_serve *srv;
    uv_fs_event_t **watch;
    size_t nwatch;
    uv_timer_t debounce;
    uv_timer_t rewatch;             /* a watched folder is missing: try again */
    int missing;
    uv_work_t work;
    int busy, again, closing;
    fg_ruleset *loaded;             /* result of the load in flight */
    fg_diag diag;
    fg_waiter *now;                 /* told about the load in flight */
    fg_waiter *next;                /* told about the load after it */
    fg_waiter *swapping;            /* told when `pending` goes live */
    fg_ruleset *pending;            /* handed to the evaluator, not yet live */
    uint64_t n_swapped, n_unchanged, n_failed;
    char *last_error;
    const char *last_result;
    int64_t last_time;
};

static void fg_reload_tell(fg_waiter **list, int result, const char *version, const char *diag)
{
    fg_waiter *w = *list;
    *list = NULL;
    while (w) {
        fg_waiter *next = w->next;
        if (w->fn) w->fn(w->ud, result, version, diag);
        free(w);
        w = next;
    }
}

static void fg_reload_push(fg_waiter **list, fg_reload_fn fn, void *ud)
{
    if (!fn) return;
    fg_waiter *w = fg_xmalloc(sizeof *w);
    w->fn = fn;
    w->ud = ud;
    w->next = *list;
    *list = w;
}

static void fg_reload_forget_in(fg_waiter **list, void *ud)
{
    while (*list) {
        if ((*list)->ud == ud) {
            fg_waiter *w = *list;
            *list = w->next;
            free(w);
        } else {
            list = &(*list)->next;
        }
    }
}

static void fg_reload_work_cb(uv_work_t *req)
{
    fg_reload *r = req->data;
    const fg_serve_conf *c = r->srv->conf;
    r->loaded = fg_ruleset_load(c->eng.ruleset, c->eng.catalog, &r->srv->state, &c->eng.limits,
                                &r->diag);
}

static void fg_reload_start(fg_reload *r, const char *why);

/* The first "FILE:LINE:COL: error: ..." line of the diagnostics. */
static void fg_reload_first_error(const char *diag, char *out, size_t n)
{
    const char *p = strstr(diag, ": error: ");
    const char *start = p;
    while (start && start > diag && start[-1] != '\n') start--;
    if (!start) start = diag;
    size_t len = strcspn(start, "\n");
    if (len >= n) len = n - 1;
    memcpy(out, start, len);
    out[len] = '\0';
}

static void fg_reload_after_cb(uv_work_t *req, int status)
{
    fg_reload *r = req->data;
    fg_serve *s = r->srv;
    r->busy = 0;
    fg_ruleset *rs = r->loaded;
    r->loaded = NULL;
    const char *diag = fg_buf_cstr(&r->diag.text);
    r->last_time = (int64_t)time(NULL);
    if (r->closing) {
        fg_ruleset_free(rs);
        fg_reload_tell(&r->now, FG_RELOAD_CANCELLED, NULL, "the daemon is shutting down");
    } else if (!rs) {
        r->n_failed++;
        r->last_result = "failed";
        free(r->last_error);
        r->last_error = fg_xstrdup(diag);
        char first[600];
        fg_reload_first_error(diag, first, sizeof first);
        fg_buf f;
        fg_buf_init(&f);
        fg_log_str(&f, "diagnostics", diag);
        fg_log_str(&f, "running_version", s->rs->version);
        fg_log(FG_LOG_ERROR, fg_buf_cstr(&f),
               "ruleset rejected (%d error%s), version %s stays live: %s", r->diag.errors,
               r->diag.errors == 1 ? "" : "s",
               s->rs->version, first);
        fg_buf_free(&f);
        fg_reload_tell(&r->now, FG_RELOAD_FAILED, s->rs->version, diag);
    } else {
        const char *current = r->pending ? r->pending->version : s->rs->version;
        if (r->diag.warnings) {
            fg_buf f;
            fg_buf_init(&f);
            fg_log_str(&f, "diagnostics", diag);
            fg_log(FG_LOG_WARN, fg_buf_cstr(&f), "ruleset loaded with %d warnings",
                   r->diag.warnings);
            fg_buf_free(&f);
        }
        if (!strcmp(rs->version, current)) {
            r->n_unchanged++;
            r->last_result = "unchanged";
            fg_log(FG_LOG_INFO, NULL, "ruleset unchanged (version %s)", current);
            fg_ruleset_free(rs);
            fg_reload_tell(&r->now, FG_RELOAD_UNCHANGED, current, "");
        } else {
            r->last_result = "swapped";
            fg_buf f;
            fg_buf_init(&f);
            fg_log_str(&f, "version", rs->version);
            fg_log_num(&f, "rules", rs->nrules);
            fg_log(FG_LOG_INFO, fg_buf_cstr(&f), "ruleset version %s loaded (%zu rules)",
                   rs->version, rs->nrules);
            fg_buf_free(&f);
            fg_ruleset *replaced = fg_pipe_swap(s->pipe, rs);
            if (replaced) fg_ruleset_free(replaced);    /* never went live */
            r->pending = rs;
            while (r->now) {        /* told when rs is live */
                fg_waiter *w = r->now;
                r->now = w->next;
                w->next = r->swapping;
                r->swapping = w;
            }
        }
    }
    fg_diag_free(&r->diag);
    /* Watch again: a folder replaced as a whole (rm -r and copy, a rename)
     * is a new inode that the old watch does not see. */
    if (!r->pending) fg_reload_watch(r);
    if (r->again && !r->closing) {
        r->again = 0;
        r->now = r->next;
        r->next = NULL;
        fg_reload_start(r, "changed during the last load");
    } else if (r->closing) {
        fg_reload_tell(&r->next, FG_RELOAD_CANCELLED, NULL, "the daemon is shutting down");
    }
}

static void fg_reload_start(fg_reload *r, const char *why)
{
    r->busy = 1;
    fg_diag_init(&r->diag);
    fg_log(FG_LOG_INFO, NULL, "loading ruleset %s (%s)", r->srv->conf->eng.ruleset, why);
    r->work.data = r;
    uv_queue_work(r->srv->loop, &r->work, fg_reload_work_cb, fg_reload_after_cb);
}

void fg_reload_request(fg_reload *r, const char *why, fg_reload_fn fn, void *ud)
{
    if (r->closing) {
        if (fn) fn(ud, FG_RELOAD_CANCELLED, NULL, "the daemon is shutting down");
        return;
    }
    if (r->busy) {
        r->again = 1;
        fg_reload_push(&r->next, fn, ud);
        return;
    }
    fg_reload_push(&r->now, fn, ud);
    fg_reload_start(r, why);
}

void fg_reload_forget(fg_reload *r, void *ud)
{
    fg_reload_forget_in(&r->now, ud);
    fg_reload_forget_in(&r->next, ud);
    fg_reload_forget_in(&r->swapping, ud);
}

void fg_reload_swapped(fg_reload *r, fg_ruleset *rs, fg_ruleset *old, uint64_t journal_line)
{
    fg_serve *s = r->srv;
    s->rs = rs;
    s->rs_since = journal_line;
    fg_ruleset_free(old);
    if (rs == r->pending) r->pending = NULL;
    r->n_swapped++;
    fg_reload_tell(&r->swapping, FG_RELOAD_SWAPPED, rs->version, "");
    fg_reload_watch(r);
}

/* ---- watching ---- */

static void fg_reload_debounce_cb(uv_timer_t *t)
{
    fg_reload_request(t->data, "files changed", NULL, NULL);
}

static void fg_reload_fs_cb(uv_fs_event_t *h, const char *name, int events, int status)
{
    fg_reload *r = h->data;
    if (r->closing || status < 0) return;
    if (name) {                     /* editors' hidden and backup files */
        size_t n = strlen(name);
        if (name[0] == '.' || (n && name[n - 1] == '~') ||
            (n > 4 && (!strcmp(name + n - 4, ".swp") || !strcmp(name + n - 4, ".swx"))))
            return;
    }
    uv_timer_start(&r->debounce, fg_reload_debounce_cb, (uint64_t)r->srv->conf->reload_delay_ms,
                   0);
}

static void fg_reload_watch_closed_cb(uv_handle_t *h)
{
    free(h);
}

static void fg_reload_unwatch(fg_reload *r)
{
    for (size_t i = 0; i < r->nwatch; i++)
        uv_close((uv_handle_t *)r->watch[i], fg_reload_watch_closed_cb);
    free(r->watch);
    r->watch = NULL;
    r->nwatch = 0;
}

static void fg_reload_add_dir(char ***dirs, size_t *n, char *dir)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*dirs)[i], dir)) {
            free(dir);
            return;
        }
    *dirs = fg_xrealloc(*dirs, (*n + 1) * sizeof **dirs);
    (*dirs)[(*n)++] = dir;
}

static void fg_reload_rewatch_cb(uv_timer_t *t)
{
    fg_reload *r = t->data;
    fg_reload_watch(r);
    if (!r->missing) fg_reload_request(r, "a watched folder is back", NULL, NULL);
}

void fg_reload_watch(fg_reload *r)
{
    fg_serve *s = r->srv;
    if (r->closing || !s->conf->watch) return;
    int was_missing = r->missing;
    r->missing = 0;
    fg_reload_unwatch(r);
    char **dirs = NULL;
    size_t n = 0;
    const char *path = s->conf->eng.ruleset;
    fg_reload_add_dir(&dirs, &n, fg_file_is_dir(path) ? fg_xstrdup(path) : fg_path_dir(path));
    struct stat st;
    if (!lstat(path, &st) && S_ISLNK(st.st_mode))    /* deployed by switching a symlink */
        fg_reload_add_dir(&dirs, &n, fg_path_dir(path));
    if (s->rs->catalog_dir && *s->rs->catalog_dir)
        fg_reload_add_dir(&dirs, &n, fg_xstrdup(s->rs->catalog_dir));
    for (size_t i = 0; i < s->rs->nrules; i++)
        fg_reload_add_dir(&dirs, &n, fg_path_dir(s->rs->rules[i]->path));
    r->watch = fg_xcalloc(n + 1, sizeof *r->watch);
    for (size_t i = 0; i < n; i++) {
        uv_fs_event_t *h = fg_xmalloc(sizeof *h);
        uv_fs_event_init(s->loop, h);
        h->data = r;
        int rc = uv_fs_event_start(h, fg_reload_fs_cb, dirs[i], 0);
        if (rc) {
            if (!was_missing)
                fg_log(FG_LOG_WARN, NULL, "cannot watch %s: %s; trying again every second",
                       dirs[i], uv_strerror(rc));
            uv_close((uv_handle_t *)h, fg_reload_watch_closed_cb);
            r->missing = 1;
        } else {
            r->watch[r->nwatch++] = h;
            fg_log(FG_LOG_DEBUG, NULL, "watching %s", dirs[i]);
        }
        free(dirs[i]);
    }
    free(dirs);
    if (r->missing) uv_timer_start(&r->rewatch, fg_reload_rewatch_cb, 1000, 0);
}

/* ---- life ---- */

fg_reload *fg_reload_new(fg_serve *s)
{
    fg_reload *r = fg_xcalloc(1, sizeof *r);
    r->srv = s;
    uv_timer_init(s->loop, &r->debounce);
    r->debounce.data = r;
    uv_timer_init(s->loop, &r->rewatch);
    r->rewatch.data = r;
    return r;
}

static void fg_reload_closed_cb(uv_handle_t *h)
{
    (void)h;
}

void fg_reload_close(fg_reload *r)
{
    if (r->closing) return;
    r->closing = 1;
    fg_reload_unwatch(r);
    uv_close((uv_handle_t *)&r->debounce, fg_reload_closed_cb);
    uv_close((uv_handle_t *)&r->rewatch, fg_reload_closed_cb);
    fg_reload_tell(&r->next, FG_RELOAD_CANCELLED, NULL, "the daemon is shutting down");
    r->again = 0;
}

/* After the loop ended: no load is in flight any more. */
void fg_reload_free(fg_reload *r)
{
    if (!r) return;
    fg_reload_tell(&r->now, FG_RELOAD_CANCELLED, NULL, "");
    fg_reload_tell(&r->swapping, FG_RELOAD_CANCELLED, NULL, "");
    free(r->last_error);
    free(r);
}

void fg_reload_get_stats(const fg_reload *r, fg_reload_stats *st)
{
    st->swapped = r->n_swapped;
    st->unchanged = r->n_unchanged;
    st->failed = r->n_failed;
    st->last_error = r->last_error;
    st->last_result = r->last_result;
    st->last_time = r->last_time;
}

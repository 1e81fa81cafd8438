/* fg_serve — the daemon's server object: it loads the first ruleset
 * version, opens the sinks, listeners, admin endpoint and inputs, starts
 * the pipe's threads, and runs the libuv loop until the drain is over.
 * It owns the list of sources, backpressure and the shutdown sequence.
 *
 * Backpressure.  One bound, --max-queue bytes, applies to the input queue
 * (lines accepted, not yet evaluated) and to each sink's queue (alerts
 * not yet written).  When either is above it, every source stops reading
 * (sockets: uv_read_stop, so TCP flow control slows the producers; files:
 * no next read); when both are back under half of it, they read again.
 * Memory therefore stays near (1 + sinks) x --max-queue plus the decode
 * window, whatever the producers send and however slow a sink is.
 *
 * Shutdown.  SIGTERM or SIGINT (or --exit-on-eof at the end of the inputs):
 * stop accepting (producer and subscriber listeners close) and reloading;
 * read on what producers already sent, each connection until it has been
 * quiet for --drain-grace ms or has ended (files stop at once), and report
 * a line cut off; then the evaluator drains every queued batch, every sink
 * writes every alert, everything is closed and the process exits 0.  A
 * second signal exits at once with 128+signal.
 * Loop thread only. */
#include "fg_serve.h"
#include "fg_mem.h"
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define FG_READ_BUF (64u << 10)

/* ---- sources ---- */

void fg_source_attach(fg_serve *s, fg_source *src, const fg_source_ops *ops, const char *name,
                      int slot, int is_input)
{
    src->srv = s;
    src->ops = ops;
    src->id = ++s->next_source_id;
    src->name = fg_xstrdup(name);
    src->slot = slot;
    src->is_input = is_input;
    src->last_data = uv_now(s->loop);
    fg_lines_init(&src->lines, s->conf->eng.max_line);
    src->prev = NULL;
    src->next = s->sources;
    if (s->sources) s->sources->prev = src;
    s->sources = src;
    if (is_input) s->inputs_open++;
}

void fg_source_detach(fg_source *src)
{
    fg_serve *s = src->srv;
    if (src->prev) src->prev->next = src->next;
    else s->sources = src->next;
    if (src->next) src->next->prev = src->prev;
    free(src->name);
    src->name = NULL;
    fg_lines_free(&src->lines);
    if (s->draining && !s->sources && !s->pipe_closed) {   /* the last one: no more input */
        uv_timer_stop(&s->drain_timer);
        fg_pipe_close(s->pipe);
        s->pipe_closed = 1;
    }
    fg_serve_maybe_close(s);
}

void fg_source_line(void *ud, const char *line, size_t len, uint64_t lineno)
{
    fg_source *src = ud;
    fg_serve *s = src->srv;
    if (s->pipe_closed) return;
    src->last_data = uv_now(s->loop);
    fg_pipe_add(s->pipe, src, line ? FG_SL_LINE : FG_SL_OVERLONG, lineno, line, len);
}

void fg_source_partial(fg_source *src, const char *why)
{
    fg_serve *s = src->srv;
    size_t n = fg_lines_pending(&src->lines);
    if (!n || s->pipe_closed) return;
    char msg[200];
    snprintf(msg, sizeof msg, "%s in the middle of a line; %zu bytes discarded", why, n);
    s->partial_lines++;
    fg_pipe_add(s->pipe, src, FG_SL_NOTE, src->lines.lineno + 1, msg, strlen(msg));
    src->lines.len = 0;
}

/* ---- backpressure ---- */

void fg_serve_pressure(fg_serve *s)
{
    if (!s->pipe || s->pipe_closed) return;
    size_t in = fg_pipe_bytes(s->pipe), out = fg_sinks_max_queued(s), lim = s->conf->max_queue;
    if (!s->paused && (in > lim || out > lim)) {
        s->paused = 1;
        s->pauses++;
        for (fg_source *src = s->sources; src; src = src->next) src->ops->pause(src);
        fg_log(FG_LOG_DEBUG, NULL,
               "backpressure: sources stopped (input queue %zu bytes, fullest sink %zu, limit %zu)",
               in, out, lim);
    } else if (s->paused && in <= lim / 2 && out <= lim / 2) {
        s->paused = 0;
        for (fg_source *src = s->sources; src; src = src->next) src->ops->resume(src);
        fg_log(FG_LOG_DEBUG, NULL, "backpressure: sources reading again");
    }
}

/* ---- shutdown ---- */

/* Shutdown, first step: producer connections (and standard input from a
 * pipe) are read on until each has been quiet for --drain-grace ms, so
 * lines a producer sent before the signal are not lost in the kernel's
 * buffers; FG_DRAIN_MAX_MS caps this for producers that keep sending. */
#define FG_DRAIN_MAX_MS 5000

static void fg_serve_drain_cb(uv_timer_t *t)
{
    fg_serve *s = t->data;
    uint64_t now = uv_now(s->loop);
    int force = now >= s->drain_deadline;
    for (fg_source *src = s->sources, *next; src; src = next) {
        next = src->next;
        if (force || (!s->paused && now - src->last_data >= (uint64_t)s->conf->drain_grace_ms))
            src->ops->stop(src);
    }
}

void fg_serve_stop(fg_serve *s, const char *why)
{
    if (s->draining) return;
    s->draining = 1;
    fg_log(FG_LOG_INFO, NULL, "stopping (%s): no new input, draining every queue", why);
    for (fg_listener *l = s->listeners, *next; l; l = next) {
        next = l->next;
        if (!s->admin || l->ud != s->admin) fg_listener_close(l);
    }
    fg_reload_close(s->reload);
    uint64_t now = uv_now(s->loop);
    for (fg_source *src = s->sources, *next; src; src = next) {
        next = src->next;
        if (src->drains && s->conf->drain_grace_ms > 0) src->last_data = now;
        else src->ops->stop(src);
    }
    s->drain_deadline = now + FG_DRAIN_MAX_MS;
    if (!s->sources) {
        fg_pipe_close(s->pipe);
        s->pipe_closed = 1;
    } else {
        uv_timer_start(&s->drain_timer, fg_serve_drain_cb, 20, 20);
    }
}

void fg_serve_input_ended(fg_serve *s)
{
    s->inputs_open--;
    if (s->conf->exit_on_eof && s->inputs_open == 0) fg_serve_stop(s, "end of input");
}

static void fg_serve_handle_closed_cb(uv_handle_t *h)
{
    (void)h;
}

void fg_serve_on_drained(fg_serve *s)
{
    s->drained = 1;
    const fg_snapshot *sn = fg_eval_snapshot_lock(s->eval);
    fg_buf f;
    fg_buf_init(&f);
    fg_log_num(&f, "lines", sn->eng.lines);
    fg_log_num(&f, "events", sn->eng.events);
    fg_log_num(&f, "input_errors", sn->eng.input_errors);
    fg_log_num(&f, "alerts", sn->eng.alerts);
    fg_log(FG_LOG_INFO, fg_buf_cstr(&f),
           "drained: %llu lines, %llu events, %llu input errors, %llu alerts",
           (unsigned long long)sn->eng.lines, (unsigned long long)sn->eng.events,
           (unsigned long long)sn->eng.input_errors, (unsigned long long)sn->eng.alerts);
    fg_buf_free(&f);
    fg_eval_snapshot_unlock(s->eval);
    fg_serve_maybe_close(s);
}

/* The end: once the evaluator is done, every source has closed and every
 * sink has written everything, close what is left; the loop then ends. */
void fg_serve_maybe_close(fg_serve *s)
{
    if (!s->drained || s->closed || s->sources) return;
    for (fg_sink *k = s->sinks; k; k = k->next)
        if (k->queued) return;
    s->closed = 1;
    for (fg_sink *k = s->sinks, *next; k; k = next) {
        next = k->next;
        k->ops->close(k);
    }
    fg_admin_close(s->admin);
    s->admin = NULL;
    while (s->listeners) fg_listener_close(s->listeners);
    uv_close((uv_handle_t *)&s->sig_term, fg_serve_handle_closed_cb);
    uv_close((uv_handle_t *)&s->sig_int, fg_serve_handle_closed_cb);
    uv_close((uv_handle_t *)&s->sig_hup, fg_serve_handle_closed_cb);
    uv_close((uv_handle_t *)&s->prepare, fg_serve_handle_closed_cb);
    uv_close((uv_handle_t *)&s->drain_timer, fg_serve_handle_closed_cb);
    fg_pipe_free(s->pipe);
    s->pipe = NULL;
}

/* ---- loop callbacks ---- */

static void fg_serve_signal_cb(uv_signal_t *h, int signum)
{
    fg_serve *s = h->data;
    if (signum == SIGHUP) {
        fg_log(FG_LOG_INFO, NULL, "SIGHUP: reopening output files and reloading the ruleset");
        for (fg_sink *k = s->sinks; k; k = k->next) k->ops->reopen(k);
        if (!s->draining) fg_reload_request(s->reload, "SIGHUP", NULL, NULL);
        return;
    }
    if (s->draining) {
        fg_log(FG_LOG_ERROR, NULL, "%s again while draining: exiting at once",
               signum == SIGTERM ? "SIGTERM" : "SIGINT");
        _exit(128 + signum);
    }
    fg_serve_stop(s, signum == SIGTERM ? "SIGTERM" : "SIGINT");
}

static void fg_serve_prepare_cb(uv_prepare_t *h)
{
    fg_serve *s = h->data;
    if (!s->pipe_closed) fg_pipe_submit(s->pipe);
}

/* ---- startup ---- */

static int fg_serve_open(fg_serve *s, char *err, size_t errlen)
{
    const fg_serve_conf *c = s->conf;
    if (fg_sink_fd_open(s, c->output, err, errlen)) return 1;
    int slot = 0;
    for (size_t i = 0; i < c->listen.n; i++, slot++) {
        fg_listener *l = fg_listen(s, c->listen.v[i], fg_src_stream_listen, NULL, err, errlen);
        if (!l) return 1;
        l->slot = slot;
        free(s->slot_names[slot]);
        s->slot_names[slot] = fg_xstrdup(l->bound);
        fg_buf f;
        fg_buf_init(&f);
        fg_log_str(&f, "listen", l->bound);
        fg_log(FG_LOG_INFO, fg_buf_cstr(&f), "listening for events on %s", l->bound);
        fg_buf_free(&f);
    }
    for (size_t i = 0; i < c->subscribe.n; i++) {
        fg_listener *l = fg_listen(s, c->subscribe.v[i], fg_sink_sub_listen, NULL, err, errlen);
        if (!l) return 1;
        fg_buf f;
        fg_buf_init(&f);
        fg_log_str(&f, "subscribe", l->bound);
        fg_log(FG_LOG_INFO, fg_buf_cstr(&f), "alert subscribers on %s", l->bound);
        fg_buf_free(&f);
    }
    if (c->admin) {
        s->admin = fg_admin_new(s, c->admin, err, errlen);
        if (!s->admin) return 1;
        fg_buf f;
        fg_buf_init(&f);
        fg_log_str(&f, "admin", fg_admin_bound(s->admin));
        fg_log(FG_LOG_INFO, fg_buf_cstr(&f), "admin endpoint on %s", fg_admin_bound(s->admin));
        fg_buf_free(&f);
    }
    return 0;
}

static int fg_serve_open_inputs(fg_serve *s, char *err, size_t errlen)
{
    const fg_serve_conf *c = s->conf;
    int slot = (int)c->listen.n;
    for (size_t i = 0; i < c->input.n; i++, slot++) {
        int rc = strcmp(c->input.v[i], "-")
                     ? fg_src_file_open(s, c->input.v[i], 0, slot, err, errlen)
                     : fg_src_stdin_open(s, slot, err, errlen);
        if (rc) return 1;
    }
    for (size_t i = 0; i < c->follow.n; i++, slot++)
        if (fg_src_file_open(s, c->follow.v[i], 1, slot, err, errlen)) return 1;
    return 0;
}

static void fg_serve_walk_close_cb(uv_handle_t *h, void *arg)
{
    if (!uv_is_closing(h)) uv_close(h, NULL);
}

int fg_serve_run(const fg_serve_conf *conf)
{
    fg_serve sv, *s = &sv;
    memset(s, 0, sizeof *s);
    s->conf = conf;
    s->started = (int64_t)time(NULL);
    fg_log_set_level(conf->log_level);
    signal(SIGPIPE, SIG_IGN);

    fg_state_init(&s->state);
    fg_diag d;
    fg_diag_init(&d);
    s->rs = fg_ruleset_load(conf->eng.ruleset, conf->eng.catalog, &s->state, &conf->eng.limits,
                            &d);
    if (!s->rs) {
        int rc = fg_cli_startup_failed("ruleset", fg_buf_cstr(&d.text));
        fg_diag_free(&d);
        fg_state_free(&s->state);
        return rc;
    }
    if (d.warnings) {
        fg_buf f;
        fg_buf_init(&f);
        fg_log_str(&f, "diagnostics", fg_buf_cstr(&d.text));
        fg_log(FG_LOG_WARN, fg_buf_cstr(&f), "ruleset loaded with %d warnings", d.warnings);
        fg_buf_free(&f);
    }
    fg_diag_free(&d);

    uv_loop_t loop;
    uv_loop_init(&loop);
    s->loop = &loop;
    s->rbuf_size = FG_READ_BUF;
    s->rbuf = fg_xmalloc(s->rbuf_size);
    s->nslots = conf->listen.n + conf->input.n + conf->follow.n;
    s->slot_names = fg_xcalloc(s->nslots + 1, sizeof *s->slot_names);
    {
        size_t k = 0;
        for (size_t i = 0; i < conf->listen.n; i++) s->slot_names[k++] = fg_xstrdup(conf->listen.v[i]);
        for (size_t i = 0; i < conf->input.n; i++)
            s->slot_names[k++] = fg_xstrdup(strcmp(conf->input.v[i], "-") ? conf->input.v[i] : "stdin");
        for (size_t i = 0; i < conf->follow.n; i++) s->slot_names[k++] = fg_xstrdup(conf->follow.v[i]);
    }
    s->reload = fg_reload_new(s);

    char err[512] = "";
    int status = 0;
    s->eval = fg_eval_new(s, s->rs, err, sizeof err);
    if (!s->eval || fg_serve_open(s, err, sizeof err)) {
        /* nothing runs yet: close what was opened and leave */
        status = 1;
        fprintf(stderr, "fundguard serve: %s\n", err);
        fg_reload_close(s->reload);
        for (fg_sink *k = s->sinks, *next; k; k = next) {
            next = k->next;
            k->ops->close(k);
        }
        fg_admin_close(s->admin);
        s->admin = NULL;
        while (s->listeners) fg_listener_close(s->listeners);
        uv_walk(s->loop, fg_serve_walk_close_cb, NULL);
    } else {
        uv_signal_init(s->loop, &s->sig_term);
        uv_signal_init(s->loop, &s->sig_int);
        uv_signal_init(s->loop, &s->sig_hup);
        s->sig_term.data = s->sig_int.data = s->sig_hup.data = s;
        uv_signal_start(&s->sig_term, fg_serve_signal_cb, SIGTERM);
        uv_signal_start(&s->sig_int, fg_serve_signal_cb, SIGINT);
        uv_signal_start(&s->sig_hup, fg_serve_signal_cb, SIGHUP);
        uv_prepare_init(s->loop, &s->prepare);
        s->prepare.data = s;
        uv_timer_init(s->loop, &s->drain_timer);
        s->drain_timer.data = s;
        uv_prepare_start(&s->prepare, fg_serve_prepare_cb);
        s->pipe = fg_pipe_new(s, s->eval, conf->workers);
        fg_buf f;
        fg_buf_init(&f);
        fg_log_str(&f, "ruleset", s->rs->name);
        fg_log_str(&f, "version", s->rs->version);
        fg_log_num(&f, "rules", s->rs->nrules);
        fg_log_num(&f, "workers", (uint64_t)conf->workers);
        fg_log_num(&f, "pid", (uint64_t)getpid());
        fg_log(FG_LOG_INFO, fg_buf_cstr(&f), "fundguard serve %s started: ruleset %s version %s",
               FG_VERSION, s->rs->name, s->rs->version);
        fg_buf_free(&f);
        fg_log(FG_LOG_DEBUG, NULL,
               "settings: %zu listeners, %zu inputs, %zu followed files, %zu subscriber "
               "listeners, workers %d, max-queue %zu bytes, reload delay %d ms, watch %s",
               conf->listen.n, conf->input.n, conf->follow.n, conf->subscribe.n, conf->workers,
               conf->max_queue, conf->reload_delay_ms, conf->watch ? "on" : "off");
        if (fg_serve_open_inputs(s, err, sizeof err)) {
            status = 1;
            fprintf(stderr, "fundguard serve: %s\n", err);
            fg_serve_stop(s, "startup failed");
        } else {
            fg_reload_watch(s->reload);
            if (conf->exit_on_eof && s->inputs_open == 0) fg_serve_stop(s, "no input to read");
        }
    }
    uv_run(s->loop, UV_RUN_DEFAULT);

    int rc = uv_loop_close(s->loop);
    if (rc) fg_log(FG_LOG_ERROR, NULL, "handles still open at exit: %s", uv_strerror(rc));
    fg_reload_free(s->reload);
    fg_eval_free(s->eval);
    fg_ruleset_free(s->rs);
    fg_state_free(&s->state);
    for (size_t i = 0; i < s->nslots; i++) free(s->slot_names[i]);
    free(s->slot_names);
    free(s->rbuf);
    if (!status) fg_log(FG_LOG_INFO, NULL, "stopped");
    return status;
}

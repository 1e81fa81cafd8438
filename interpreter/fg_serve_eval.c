/* fg_serve_eval — the evaluator's work: it owns the engine (and through
 * it fg_state while events run), the journal, the dead-letter file, the
 * counters behind /metrics, and the gate that lets a ruleset loader on
 * another thread create named stores between two events.
 *
 * Everything here runs on the evaluator thread (fg_serve_pipe.c), except
 * fg_eval_new/free (loop thread, before the thread starts and after it
 * ended), the store guard (the loader's thread) and the snapshot lock
 * (loop thread).
 *
 * The gate.  fg_ruleset_load binds the new version's Lua states to the
 * live fg_state, and a plugin's setup() opens its stores by name, which may
 * create a store or widen a retention: the only writes a load makes to
 * host state.  fg_state calls our guard around them; the guard waits until
 * the evaluator is between two events and keeps it there for the length
 * of one store lookup.  The evaluator holds the gate while it evaluates a
 * batch and looks, between events, whether a loader is waiting. */
#include "fg_serve.h"
#include "fg_fdio.h"
#include "fg_mem.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define FG_RULE_ERRORS_SHOWN 10
#define FG_SNAPSHOT_EVERY_NS 100000000ull

struct fg_eval {
    fg_serve *srv;
    fg_engine eng;
    int journal_fd, dead_fd;
    fg_buf jbuf, dbuf;
    uint64_t journal_lines;
    int cur_slot;                   /* slot of the line being evaluated */
    size_t *shown;                  /* rule errors logged, per live rule */
    size_t *rule_stat;              /* live rule index -> rules[] */
    fg_slotstat *slots;
    size_t nslots;
    fg_rulestat *rules;             /* by rule id, over every version */
    size_t nrules, caprules;
    /* the gate */
    pthread_mutex_t gate_mu;
    pthread_cond_t gate_cv;
    int gate_busy;
    _Atomic int gate_want;
    /* the snapshot */
    pthread_mutex_t snap_mu;
    fg_snapshot snap;
    uint64_t snap_ns;
};

static _Thread_local fg_eval *fg_eval_self;

static uint64_t fg_eval_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- the gate ---- */

static void fg_gate_begin(fg_eval *x)
{
    pthread_mutex_lock(&x->gate_mu);
    while (x->gate_busy || atomic_load(&x->gate_want)) pthread_cond_wait(&x->gate_cv, &x->gate_mu);
    x->gate_busy = 1;
    pthread_mutex_unlock(&x->gate_mu);
}

static void fg_gate_end(fg_eval *x)
{
    pthread_mutex_lock(&x->gate_mu);
    x->gate_busy = 0;
    pthread_cond_broadcast(&x->gate_cv);
    pthread_mutex_unlock(&x->gate_mu);
}

static void fg_gate_store_guard(void *ud, int enter)
{
    fg_eval *x = ud;
    if (fg_eval_self == x) return;  /* the evaluator itself (or a review child) */
    pthread_mutex_lock(&x->gate_mu);
    if (enter) {
        atomic_fetch_add(&x->gate_want, 1);
        while (x->gate_busy) pthread_cond_wait(&x->gate_cv, &x->gate_mu);
        atomic_fetch_sub(&x->gate_want, 1);
        x->gate_busy = 1;
    } else {
        x->gate_busy = 0;
        pthread_cond_broadcast(&x->gate_cv);
    }
    pthread_mutex_unlock(&x->gate_mu);
}

/* ---- engine callbacks ---- */

static void fg_eval_input_error(void *ud, const char *src, uint64_t line, const char *msg,
                                const char *raw, size_t rawlen)
{
    fg_eval *x = ud;
    x->slots[x->cur_slot].input_errors++;
    if (fg_log_on(FG_LOG_WARN)) {
        fg_buf f;
        fg_buf_init(&f);
        fg_log_str(&f, "source", src);
        fg_log_num(&f, "line", line);
        fg_log(FG_LOG_WARN, fg_buf_cstr(&f), "%s:%llu: %s", src, (unsigned long long)line, msg);
        fg_buf_free(&f);
    }
    if (x->dead_fd >= 0 && raw) {
        fg_buf_put(&x->dbuf, raw, rawlen);
        fg_buf_putc(&x->dbuf, '\n');
    }
}

static void fg_eval_rule_error(void *ud, const fg_rule *r, const fg_event *ev, const char *msg)
{
    fg_eval *x = ud;
    size_t *shown = &x->shown[r->index];
    if (*shown <= FG_RULE_ERRORS_SHOWN && fg_log_on(FG_LOG_WARN)) {
        fg_buf f;
        fg_buf_init(&f);
        fg_log_str(&f, "rule", r->id);
        fg_log_str(&f, "rule_version", r->version);
        fg_log_strn(&f, "event_id", ev->id, ev->id_len);
        if (*shown < FG_RULE_ERRORS_SHOWN)
            fg_log(FG_LOG_WARN, fg_buf_cstr(&f), "rule %s failed on event %.*s (%s:%llu): %s",
                   r->id, (int)ev->id_len, ev->id, ev->src, (unsigned long long)ev->line, msg);
        else
            fg_log(FG_LOG_WARN, fg_buf_cstr(&f),
                   "rule %s: further errors of this version are counted but not logged", r->id);
        fg_buf_free(&f);
    }
    ++*shown;
}

/* ---- rule counters over versions ---- */

static size_t fg_eval_rulestat(fg_eval *x, const char *id)
{
    for (size_t i = 0; i < x->nrules; i++)
        if (!strcmp(x->rules[i].id, id)) return i;
    if (x->nrules == x->caprules) {
        x->caprules = x->caprules ? x->caprules * 2 : 32;
        x->rules = fg_xrealloc(x->rules, x->caprules * sizeof *x->rules);
    }
    fg_rulestat *s = &x->rules[x->nrules];
    memset(s, 0, sizeof *s);
    s->id = fg_xstrdup(id);
    return x->nrules++;
}

/* The live version's counters are kept in its fg_rule (the engine updates
 * them); when it retires they are added to the totals by id. */
static void fg_eval_retire_counters(fg_eval *x)
{
    const fg_ruleset *rs = x->eng.rs;
    for (size_t i = 0; i < rs->nrules; i++) {
        fg_rulestat *s = &x->rules[x->rule_stat[i]];
        const fg_rule *r = rs->rules[i];
        s->evals += r->evals;
        s->fired += r->fired;
        s->errors += r->errors;
        s->nanos += r->nanos;
        s->live = 0;
    }
}

static void fg_eval_adopt(fg_eval *x, fg_ruleset *rs)
{
    free(x->rule_stat);
    free(x->shown);
    x->rule_stat = fg_xcalloc(rs->nrules + 1, sizeof *x->rule_stat);
    x->shown = fg_xcalloc(rs->nrules + 1, sizeof *x->shown);
    for (size_t i = 0; i < rs->nrules; i++) {
        size_t k = fg_eval_rulestat(x, rs->rules[i]->id);
        x->rule_stat[i] = k;
        x->rules[k].live = 1;
        memcpy(x->rules[k].version, rs->rules[i]->version, sizeof x->rules[k].version);
    }
}

/* ---- life ---- */

static int fg_eval_open(const char *path, const char *what, char *err, size_t errlen)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) snprintf(err, errlen, "cannot open %s %s: %s", what, path, strerror(errno));
    return fd;
}

fg_eval *fg_eval_new(fg_serve *s, fg_ruleset *rs, char *err, size_t errlen)
{
    fg_eval *x = fg_xcalloc(1, sizeof *x);
    x->srv = s;
    x->journal_fd = x->dead_fd = -1;
    if (s->conf->journal &&
        (x->journal_fd = fg_eval_open(s->conf->journal, "journal", err, errlen)) < 0) {
        free(x);
        return NULL;
    }
    if (s->conf->dead_letter &&
        (x->dead_fd = fg_eval_open(s->conf->dead_letter, "dead-letter file", err, errlen)) < 0) {
        if (x->journal_fd >= 0) close(x->journal_fd);
        free(x);
        return NULL;
    }
    fg_buf_init(&x->jbuf);
    fg_buf_init(&x->dbuf);
    x->nslots = s->nslots;
    x->slots = fg_xcalloc(x->nslots + 1, sizeof *x->slots);
    fg_engine_init(&x->eng, &s->state, rs, rs->vm);
    x->eng.on_input_error = fg_eval_input_error;
    x->eng.on_rule_error = fg_eval_rule_error;
    x->eng.ud = x;
    fg_eval_adopt(x, rs);
    pthread_mutex_init(&x->gate_mu, NULL);
    pthread_cond_init(&x->gate_cv, NULL);
    pthread_mutex_init(&x->snap_mu, NULL);
    s->state.store_guard = fg_gate_store_guard;
    s->state.store_guard_ud = x;
    fg_eval_publish(x);
    return x;
}

void fg_eval_free(fg_eval *x)
{
    if (!x) return;
    x->srv->state.store_guard = NULL;
    x->srv->state.store_guard_ud = NULL;
    if (x->journal_fd >= 0) close(x->journal_fd);
    if (x->dead_fd >= 0) close(x->dead_fd);
    fg_buf_free(&x->jbuf);
    fg_buf_free(&x->dbuf);
    fg_engine_free(&x->eng);
    for (size_t i = 0; i < x->nrules; i++) free(x->rules[i].id);
    free(x->rules);
    free(x->rule_stat);
    free(x->shown);
    free(x->slots);
    free(x->snap.slots);
    free(x->snap.rules);
    pthread_mutex_destroy(&x->gate_mu);
    pthread_cond_destroy(&x->gate_cv);
    pthread_mutex_destroy(&x->snap_mu);
    free(x);
}

void fg_eval_enter_thread(fg_eval *x)
{
    fg_eval_self = x;
}

/* ---- the work ---- */

static void fg_eval_write(fg_eval *x, int *fd, fg_buf *b, const char *what)
{
    if (!b->len) return;
    if (*fd >= 0 && fg_write_all(*fd, b->p, b->len)) {
        fg_log(FG_LOG_ERROR, NULL, "cannot write the %s: %s; it is closed, the stream goes on",
               what, strerror(errno));
        close(*fd);
        *fd = -1;
    }
    b->len = 0;
}

void fg_eval_batch(fg_eval *x, fg_batch *b)
{
    fg_engine *e = &x->eng;
    fg_gate_begin(x);
    for (size_t i = 0; i < b->n; i++) {
        if (atomic_load_explicit(&x->gate_want, memory_order_relaxed)) {
            fg_gate_end(x);
            fg_gate_begin(x);
        }
        const fg_sline *l = &b->v[i];
        fg_slotstat *ss = &x->slots[l->slot];
        x->cur_slot = l->slot;
        if (l->kind == FG_SL_LINE) {
            ss->lines++;
            x->journal_lines++;
            if (x->journal_fd >= 0) {
                fg_buf_put(&x->jbuf, b->text.p + l->off, l->len);
                fg_buf_putc(&x->jbuf, '\n');
            }
        } else if (l->kind == FG_SL_OVERLONG) {
            ss->lines++;
        }
        const fg_event *ev = b->ev[i];
        if (ev) {
            uint64_t before = e->st.events;
            fg_engine_event(e, ev);
            if (e->st.events != before) ss->by_type[ev->type]++;
        } else {
            const char *raw = l->kind == FG_SL_LINE ? b->text.p + l->off : NULL;
            fg_engine_reject(e, fg_batch_name(b, l), l->lineno, b->err[i], raw,
                             raw ? l->len : 0);
        }
    }
    fg_gate_end(x);
    fg_eval_write(x, &x->journal_fd, &x->jbuf, "journal");
    fg_eval_write(x, &x->dead_fd, &x->dbuf, "dead-letter file");
}

fg_chunk *fg_eval_output(fg_eval *x)
{
    fg_buf *out = &x->eng.out;
    if (!out->len) return NULL;
    fg_chunk *c = fg_chunk_new(out->p, out->len);
    out->len = 0;
    if (out->cap > (1u << 22)) fg_buf_free(out);    /* after a burst */
    return c;
}

fg_ruleset *fg_eval_swap(fg_eval *x, fg_ruleset *rs, uint64_t *journal_line)
{
    fg_ruleset *old = x->eng.rs;
    fg_eval_retire_counters(x);
    fg_engine_swap(&x->eng, rs, rs->vm);
    fg_eval_adopt(x, rs);
    *journal_line = x->journal_lines;
    fg_buf f;
    fg_buf_init(&f);
    fg_log_str(&f, "version", rs->version);
    fg_log_str(&f, "previous", old->version);
    fg_log_num(&f, "journal_line", x->journal_lines);
    fg_log(FG_LOG_INFO, fg_buf_cstr(&f),
           "ruleset version %s live after journal line %llu (was %s)", rs->version,
           (unsigned long long)x->journal_lines, old->version);
    fg_buf_free(&f);
    fg_eval_publish(x);
    return old;
}

/* ---- the snapshot ---- */

void fg_eval_publish(fg_eval *x)
{
    pthread_mutex_lock(&x->snap_mu);
    fg_snapshot *s = &x->snap;
    s->eng = x->eng.st;
    if (!s->slots) s->slots = fg_xcalloc(x->nslots + 1, sizeof *s->slots);
    memcpy(s->slots, x->slots, x->nslots * sizeof *s->slots);
    s->nslots = x->nslots;
    if (s->nrules < x->nrules || !s->rules)
        s->rules = fg_xrealloc(s->rules, (x->caprules + 1) * sizeof *s->rules);
    memcpy(s->rules, x->rules, x->nrules * sizeof *s->rules);
    s->nrules = x->nrules;
    const fg_ruleset *rs = x->eng.rs;
    for (size_t i = 0; i < rs->nrules; i++) {
        fg_rulestat *r = &s->rules[x->rule_stat[i]];
        r->evals += rs->rules[i]->evals;
        r->fired += rs->rules[i]->fired;
        r->errors += rs->rules[i]->errors;
        r->nanos += rs->rules[i]->nanos;
    }
    s->journal_lines = x->journal_lines;
    memcpy(s->version, rs->version, sizeof s->version);
    x->snap_ns = fg_eval_now();
    pthread_mutex_unlock(&x->snap_mu);
}

void fg_eval_maybe_publish(fg_eval *x)
{
    if (fg_eval_now() - x->snap_ns >= FG_SNAPSHOT_EVERY_NS) fg_eval_publish(x);
}

const fg_snapshot *fg_eval_snapshot_lock(fg_eval *x)
{
    pthread_mutex_lock(&x->snap_mu);
    return &x->snap;
}

void fg_eval_snapshot_unlock(fg_eval *x)
{
    pthread_mutex_unlock(&x->snap_mu);
}

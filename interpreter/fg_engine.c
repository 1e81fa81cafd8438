/* fg_engine — the evaluation pipeline (see fg_engine.h). */
#include "fg_engine.h"
#include "fg_review.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void fg_engine_init(fg_engine *e, fg_state *st, fg_ruleset *rs, fg_vm *vm)
{
    memset(e, 0, sizeof *e);
    e->state = st;
    fg_arena_init(&e->arena);
    fg_jparser_init(&e->jp, &e->arena);
    fg_buf_init(&e->out);
    fg_engine_swap(e, rs, vm);
}

void fg_engine_free(fg_engine *e)
{
    fg_jparser_free(&e->jp);
    fg_arena_free(&e->arena);
    fg_alertv_free(&e->alerts);
    fg_buf_free(&e->out);
}

void fg_engine_swap(fg_engine *e, fg_ruleset *rs, fg_vm *vm)
{
    e->rs = rs;
    e->vm = vm;
}

static void fg_engine_input_error(fg_engine *e, const char *src, uint64_t lineno, const char *msg,
                                  const char *line, size_t len)
{
    e->st.input_errors++;
    if (e->on_input_error) e->on_input_error(e->ud, src, lineno, msg, line, len);
}

static uint64_t fg_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Rules run batched: one protected call per event runs every rule of the
 * type (fg_vm_run_batch).  Per-rule time is sampled: one event of a type in
 * FG_TIME_SAMPLE runs its rules one by one with the clock read around each,
 * and counts for all of them. */
#define FG_TIME_SAMPLE 32

static void fg_engine_rule_failed(fg_engine *e, fg_rule *r, const char *msg)
{
    r->errors++;
    e->st.rule_errors++;
    if (e->on_rule_error) e->on_rule_error(e->ud, r, &e->ev, msg);
}

static void fg_engine_run_rule(fg_engine *e, fg_rule *r, const fg_alertv *prior, int timed)
{
    uint64_t t0 = timed ? fg_now_ns() : 0;
    if (!timed) r->evals++;     /* batched events count before dispatch */
    if (fg_vm_run(e->vm, r, &e->alerts, prior)) fg_engine_rule_failed(e, r, e->vm->err);
    if (timed) r->nanos += (fg_now_ns() - t0) * FG_TIME_SAMPLE;
}

static void fg_engine_batch_failed(void *ud, size_t pos, const char *msg)
{
    fg_engine *e = ud;
    fg_engine_rule_failed(e, e->rs->rules[e->rs->by_type[e->ev.type][pos]], msg);
}

/* Runs the rules on the decoded event e->ev and formats the alerts. */
static size_t fg_engine_eval(fg_engine *e)
{
    fg_ruleset *rs = e->rs;
    fg_event *ev = &e->ev;
    fg_alertv_clear(&e->alerts);
    fg_state_before(e->state, ev);
    fg_vm_set_event(e->vm, ev);
    if (ev->type != FG_EV_UNKNOWN) {
        size_t n = rs->n_by_type[ev->type];
        const size_t *idx = rs->by_type[ev->type];
        /* rules whose required fields the event lacks are not run */
        uint64_t mask = 0;
        for (size_t i = 0; i < n; i++) {
            fg_rule *r = rs->rules[idx[i]];
            if (i < 64 && !fg_rule_ready(r, ev)) continue;
            if (i < 64) mask |= (uint64_t)1 << i;
            r->evals++;
        }
        if (e->seen[ev->type]++ % FG_TIME_SAMPLE == 0) {
            for (size_t i = 0; i < n; i++)
                if (i >= 64 || (mask >> i & 1)) fg_engine_run_rule(e, rs->rules[idx[i]], NULL, 1);
        } else if (mask || n > 64) {
            fg_vm_run_batch(e->vm, ev->type, rs->rules, idx, n, mask, &e->alerts,
                            fg_engine_batch_failed, e);
        }
    } else {
        for (size_t i = 0; i < rs->nrules; i++)
            if (fg_rule_listens(rs->rules[i], ev) && fg_rule_ready(rs->rules[i], ev))
                fg_engine_run_rule(e, rs->rules[i], NULL, 0);
    }
    /* Rule chaining: listeners see the alerts of the other rules on this
     * event; what they raise is not fed back, so chains cannot loop. */
    if (e->alerts.n && rs->n_listeners) {
        fg_alertv prior = e->alerts;
        size_t nprior = e->alerts.n;
        for (size_t i = 0; i < rs->n_listeners; i++) {
            prior.v = e->alerts.v;      /* may move as listeners append */
            prior.n = nprior;
            if (fg_rule_ready(rs->rules[rs->listeners[i]], ev))
                fg_engine_run_rule(e, rs->rules[rs->listeners[i]], &prior, 0);
        }
    }
    fg_state_after(e->state, ev);
    for (size_t i = 0; i < e->alerts.n; i++) {
        fg_alert_format(&e->out, &e->alerts.v[i], ev);
        rs->rules[e->alerts.v[i].rule->index]->fired++;
    }
    e->st.alerts += e->alerts.n;
    return e->alerts.n;
}

int fg_engine_decode(fg_jparser *jp, fg_event *ev, const char *src, uint64_t lineno,
                     const char *line, size_t len, char *err, size_t errlen)
{
    if (!line) {
        snprintf(err, errlen, "line too long (%zu bytes or more); skipped", len);
        return -1;
    }
    if (len == 0) {
        snprintf(err, errlen, "empty line (one JSON object per line expected)");
        return -1;
    }
    fg_json *root = fg_arena_alloc(jp->arena, sizeof *root);    /* ev->root points here */
    fg_jerr jerr;
    if (fg_json_parse(jp, line, len, root, &jerr)) {
        snprintf(err, errlen, "not valid JSON at column %zu: %s", jerr.off + 1, jerr.msg);
        return -1;
    }
    return fg_event_decode(ev, root, jp->arena, src, lineno, err, errlen);
}

static size_t fg_engine_decoded(fg_engine *e);

size_t fg_engine_line(fg_engine *e, const char *src, uint64_t lineno, const char *line,
                      size_t len)
{
    e->st.lines++;
    fg_arena_reset(&e->arena);
    char err[256];
    if (fg_engine_decode(&e->jp, &e->ev, src, lineno, line, len, err, sizeof err)) {
        fg_engine_input_error(e, src, lineno, err, line, line ? len : 0);
        return 0;
    }
    return fg_engine_decoded(e);
}

size_t fg_engine_event(fg_engine *e, const fg_event *ev)
{
    e->st.lines++;
    e->ev = *ev;
    return fg_engine_decoded(e);
}

void fg_engine_reject(fg_engine *e, const char *src, uint64_t lineno, const char *msg,
                      const char *line, size_t len)
{
    e->st.lines++;
    fg_engine_input_error(e, src, lineno, msg, line, len);
}

/* Everything after decoding: filtering, counting, the rules. */
static size_t fg_engine_decoded(fg_engine *e)
{
    fg_event *ev = &e->ev;
    if (ev->type == FG_EV_UNKNOWN && !e->rs->has_unknown) {
        e->st.ignored++;
        return 0;
    }
    e->st.events++;
    e->st.by_type[ev->type]++;
    ev->part = e->part;
    if (ev->type == FG_EV_REVIEW) {
        e->st.reviews++;
        return fg_review_eval(e, ev->src, ev->line);
    }
    return fg_engine_eval(e);
}

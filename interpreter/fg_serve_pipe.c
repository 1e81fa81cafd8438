/* fg_serve_pipe — the daemon's threads and the queues between them.
 *
 *   loop thread ──batches──> decode workers (N) ──> evaluator (1) ──chunks──> loop thread
 *   (sources frame lines)     parse + check          rules, in order           (sinks)
 *
 * Why one evaluator.  Rules keep state across persons (trace codes seen
 * at any pharmacy, institution counters, cohorts of a village), the host
 * state (fg_state) is not thread-safe, and the alerts must be those that
 * `fundguard run` gives over the same lines in the same order, whatever
 * the thread count (DESIGN.md principle 7).  Sharding by person would
 * break the rules that look across persons, and deciding per rule which
 * state it touches is the compiler's job, not the host's.  So the rules
 * run on one thread, strictly in accepted order, and what can be done in
 * parallel without changing any result is: framing (loop thread), JSON
 * parsing and contract checks (the workers), and output (loop thread).
 *
 * The accepted order is the order in which the loop thread frames lines
 * into batches.  Batches enter one FIFO; workers claim the oldest batch not
 * yet claimed (so claims happen in order) and decode it into the batch's
 * own arena; the evaluator takes the head batch once it is decoded (or
 * decodes it itself when no worker has claimed it yet, so `--workers 0`
 * works and an idle evaluator is never waiting on a busy worker).  Workers
 * run at most `window` batches ahead of the evaluator, which bounds the
 * memory held by decoded events.
 *
 * Wake-ups.  uv_async_send coalesces: many sends may give one callback.
 * So the evaluator never passes data through the async handle itself; it
 * appends to the outbox under the lock and sends, and the callback takes
 * everything the outbox holds.  The other direction uses condition
 * variables. */
#include "fg_serve.h"
#include "fg_mem.h"
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#define FG_BATCH_BYTES (32u << 10)
#define FG_BATCH_LINES 128

typedef struct fg_swapped {
    fg_ruleset *rs, *old;
    uint64_t journal_line;
} fg_swapped;

struct fg_pipe {
    fg_serve *srv;
    fg_eval *eval;
    pthread_mutex_t mu;
    pthread_cond_t work_cv;         /* workers: a batch to claim, or window space */
    pthread_cond_t eval_cv;         /* evaluator: head decoded, a swap, closing */
    fg_batch *head, *tail;          /* submitted, oldest first */
    fg_batch *next_decode;          /* oldest batch not yet claimed */
    size_t nqueued;                 /* batches submitted, not yet taken */
    size_t ahead, window;           /* claimed but not yet taken, and the bound */
    int closing;
    fg_ruleset *pending;            /* version for the evaluator to swap in */
    /* outbox, evaluator -> loop */
    fg_chunk *out_head, *out_tail;
    fg_swapped *swaps;
    size_t nswaps, capswaps;
    int drained, drained_told;
    /* loop thread only */
    fg_batch *filling;
    uv_async_t wake;
    _Atomic size_t bytes;           /* input queue, including the batch being filled */
    pthread_t *workers;
    int nworkers;
    pthread_t evaluator;
};

/* ---- threads ---- */

static void *fg_pipe_worker(void *arg)
{
    fg_pipe *p = arg;
    fg_jparser jp;
    fg_jparser_init(&jp, NULL);
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!(p->next_decode && p->ahead < p->window) && !(p->closing && !p->next_decode))
            pthread_cond_wait(&p->work_cv, &p->mu);
        if (!p->next_decode) break;
        fg_batch *b = p->next_decode;
        p->next_decode = b->next;
        b->state = FG_B_DECODING;
        p->ahead++;
        pthread_mutex_unlock(&p->mu);
        fg_batch_decode(b, &jp);
        pthread_mutex_lock(&p->mu);
        b->state = FG_B_DECODED;
        if (b == p->head) pthread_cond_signal(&p->eval_cv);
    }
    pthread_mutex_unlock(&p->mu);
    fg_jparser_free(&jp);
    return NULL;
}

static void fg_pipe_post_swap(fg_pipe *p, fg_ruleset *rs, fg_ruleset *old, uint64_t line)
{
    if (p->nswaps == p->capswaps) {
        p->capswaps = p->capswaps ? p->capswaps * 2 : 4;
        p->swaps = fg_xrealloc(p->swaps, p->capswaps * sizeof *p->swaps);
    }
    p->swaps[p->nswaps++] = (fg_swapped){rs, old, line};
}

static void *fg_pipe_evaluate(void *arg)
{
    fg_pipe *p = arg;
    fg_eval *x = p->eval;
    fg_eval_enter_thread(x);
    fg_jparser jp;
    fg_jparser_init(&jp, NULL);
    pthread_mutex_lock(&p->mu);
    for (;;) {
        if (p->pending) {           /* a swap happens between two batches */
            fg_ruleset *rs = p->pending;
            p->pending = NULL;
            pthread_mutex_unlock(&p->mu);
            uint64_t line;
            fg_ruleset *old = fg_eval_swap(x, rs, &line);
            pthread_mutex_lock(&p->mu);
            fg_pipe_post_swap(p, rs, old, line);
            uv_async_send(&p->wake);
            continue;
        }
        fg_batch *b = p->head;
        if (!b) {
            if (p->closing) break;
            pthread_mutex_unlock(&p->mu);
            fg_eval_publish(x);     /* idle: metrics are exact */
            pthread_mutex_lock(&p->mu);
            if (!p->head && !p->pending && !p->closing) pthread_cond_wait(&p->eval_cv, &p->mu);
            continue;
        }
        if (b->state == FG_B_QUEUED) {  /* no worker took it: decode it here */
            p->next_decode = b->next;
            b->state = FG_B_DECODING;
            p->ahead++;
            pthread_mutex_unlock(&p->mu);
            fg_batch_decode(b, &jp);
            pthread_mutex_lock(&p->mu);
            b->state = FG_B_DECODED;
        }
        if (b->state != FG_B_DECODED) {
            pthread_cond_wait(&p->eval_cv, &p->mu);
            continue;
        }
        p->head = b->next;
        if (!p->head) p->tail = NULL;
        p->ahead--;
        p->nqueued--;
        pthread_cond_signal(&p->work_cv);
        pthread_mutex_unlock(&p->mu);

        fg_eval_batch(x, b);
        fg_chunk *c = fg_eval_output(x);
        atomic_fetch_sub(&p->bytes, b->bytes);
        fg_batch_free(b);
        fg_eval_maybe_publish(x);

        pthread_mutex_lock(&p->mu);
        if (c) {
            if (p->out_tail) p->out_tail->next = c;
            else p->out_head = c;
            p->out_tail = c;
        }
        uv_async_send(&p->wake);
    }
    p->drained = 1;
    pthread_mutex_unlock(&p->mu);
    fg_eval_publish(x);
    uv_async_send(&p->wake);
    fg_jparser_free(&jp);
    return NULL;
}

/* ---- loop thread ---- */

static void fg_pipe_wake_cb(uv_async_t *h)
{
    fg_pipe *p = h->data;
    fg_serve *s = p->srv;
    pthread_mutex_lock(&p->mu);
    fg_chunk *c = p->out_head;
    p->out_head = p->out_tail = NULL;
    fg_swapped *swaps = p->swaps;
    size_t nswaps = p->nswaps;
    p->swaps = NULL;
    p->nswaps = p->capswaps = 0;
    int drained = p->drained && !p->drained_told;
    if (drained) p->drained_told = 1;
    pthread_mutex_unlock(&p->mu);

    while (c) {
        fg_chunk *next = c->next;
        c->next = NULL;
        fg_sinks_push(s, c);
        c = next;
    }
    for (size_t i = 0; i < nswaps; i++)
        fg_reload_swapped(s->reload, swaps[i].rs, swaps[i].old, swaps[i].journal_line);
    free(swaps);
    fg_serve_pressure(s);
    if (drained) fg_serve_on_drained(s);
}

fg_pipe *fg_pipe_new(fg_serve *s, fg_eval *x, int workers)
{
    fg_pipe *p = fg_xcalloc(1, sizeof *p);
    p->srv = s;
    p->eval = x;
    p->nworkers = workers;
    p->window = 2 * (size_t)workers + 2;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->work_cv, NULL);
    pthread_cond_init(&p->eval_cv, NULL);
    uv_async_init(s->loop, &p->wake, fg_pipe_wake_cb);
    p->wake.data = p;
    /* The signals the loop handles (uv_signal_t) are its business; others
     * (a watchdog's) may still reach the evaluator. */
    sigset_t mine, old;
    sigemptyset(&mine);
    sigaddset(&mine, SIGTERM);
    sigaddset(&mine, SIGINT);
    sigaddset(&mine, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &mine, &old);
    p->workers = fg_xcalloc((size_t)workers + 1, sizeof *p->workers);
    for (int i = 0; i < workers; i++) pthread_create(&p->workers[i], NULL, fg_pipe_worker, p);
    pthread_create(&p->evaluator, NULL, fg_pipe_evaluate, p);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return p;
}

void fg_pipe_add(fg_pipe *p, const fg_source *src, int kind, uint64_t lineno, const char *text,
                 size_t len)
{
    if (!p->filling) p->filling = fg_batch_new();
    size_t add = fg_batch_add(p->filling, src, kind, lineno, text, len);
    atomic_fetch_add(&p->bytes, add);
    if (p->filling->text.len >= FG_BATCH_BYTES || p->filling->n >= FG_BATCH_LINES)
        fg_pipe_submit(p);
}

void fg_pipe_submit(fg_pipe *p)
{
    fg_batch *b = p->filling;
    if (!b || !b->n) return;
    p->filling = NULL;
    pthread_mutex_lock(&p->mu);
    if (p->tail) p->tail->next = b;
    else p->head = b;
    p->tail = b;
    if (!p->next_decode) p->next_decode = b;
    p->nqueued++;
    pthread_cond_signal(&p->work_cv);
    pthread_cond_signal(&p->eval_cv);
    pthread_mutex_unlock(&p->mu);
}

fg_ruleset *fg_pipe_swap(fg_pipe *p, fg_ruleset *rs)
{
    pthread_mutex_lock(&p->mu);
    fg_ruleset *replaced = p->pending;
    p->pending = rs;
    pthread_cond_signal(&p->eval_cv);
    pthread_mutex_unlock(&p->mu);
    return replaced;
}

void fg_pipe_close(fg_pipe *p)
{
    fg_pipe_submit(p);
    pthread_mutex_lock(&p->mu);
    p->closing = 1;
    pthread_cond_broadcast(&p->work_cv);
    pthread_cond_signal(&p->eval_cv);
    pthread_mutex_unlock(&p->mu);
}

static void fg_pipe_closed_cb(uv_handle_t *h)
{
    free(h->data);
}

void fg_pipe_free(fg_pipe *p)
{
    if (!p) return;
    for (int i = 0; i < p->nworkers; i++) pthread_join(p->workers[i], NULL);
    pthread_join(p->evaluator, NULL);
    free(p->workers);
    fg_batch_free(p->filling);
    while (p->head) {           /* only if the evaluator stopped early */
        fg_batch *b = p->head;
        p->head = b->next;
        fg_batch_free(b);
    }
    while (p->out_head) {
        fg_chunk *c = p->out_head;
        p->out_head = c->next;
        fg_chunk_unref(c);
    }
    if (p->pending) fg_ruleset_free(p->pending);
    free(p->swaps);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->work_cv);
    pthread_cond_destroy(&p->eval_cv);
    uv_close((uv_handle_t *)&p->wake, fg_pipe_closed_cb);
}

size_t fg_pipe_bytes(fg_pipe *p)
{
    return atomic_load(&p->bytes);
}

size_t fg_pipe_batches(fg_pipe *p)
{
    pthread_mutex_lock(&p->mu);
    size_t n = p->nqueued;
    pthread_mutex_unlock(&p->mu);
    return n;
}

/* fg_sink — alert chunks and their fan-out to the sinks.
 *
 * The evaluator formats the alerts of a batch into one chunk; the loop
 * thread gives each sink a reference (fg_sinks_push), and a chunk is freed
 * when the last sink has written it.  Every sink counts the bytes it holds
 * (queued); the server compares the fullest sink with --max-queue to stop
 * reading sources (fg_serve_pressure), so a slow sink slows the producers
 * instead of growing memory.  Loop thread only. */
#include "fg_serve.h"
#include "fg_mem.h"
#include <stdlib.h>
#include <string.h>

fg_chunk *fg_chunk_new(const char *p, size_t len)
{
    fg_chunk *c = fg_xmalloc(sizeof *c + len);
    c->next = NULL;
    c->refs = 1;
    c->len = len;
    memcpy(c->p, p, len);
    return c;
}

void fg_chunk_unref(fg_chunk *c)
{
    if (c && --c->refs == 0) free(c);
}

void fg_sink_attach(fg_serve *s, fg_sink *k, const fg_sink_ops *ops, const char *name)
{
    k->srv = s;
    k->ops = ops;
    k->name = fg_xstrdup(name);
    k->queued = 0;
    k->written = 0;
    k->prev = NULL;
    k->next = s->sinks;
    if (s->sinks) s->sinks->prev = k;
    s->sinks = k;
}

void fg_sink_detach(fg_sink *k)
{
    fg_serve *s = k->srv;
    if (k->prev) k->prev->next = k->next;
    else s->sinks = k->next;
    if (k->next) k->next->prev = k->prev;
    free(k->name);
    k->name = NULL;
    fg_serve_pressure(s);       /* a stuck sink that leaves frees the sources */
    fg_serve_maybe_close(s);
}

void fg_sinks_push(fg_serve *s, fg_chunk *c)
{
    for (fg_sink *k = s->sinks, *next; k; k = next) {
        next = k->next;         /* push may detach k */
        c->refs++;
        k->queued += c->len;
        k->ops->push(k, c);
    }
    fg_chunk_unref(c);
}

void fg_sink_done(fg_sink *k, size_t n)
{
    k->queued -= n;
    k->written += n;
    fg_serve *s = k->srv;
    if (s->paused) fg_serve_pressure(s);
    if (s->drained && !k->queued) fg_serve_maybe_close(s);
}

size_t fg_sinks_max_queued(const fg_serve *s)
{
    size_t m = 0;
    for (const fg_sink *k = s->sinks; k; k = k->next)
        if (k->queued > m) m = k->queued;
    return m;
}

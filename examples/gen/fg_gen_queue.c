/* fg_gen_queue — time-ordered output of the generator: a binary min-heap
 * on (time, production order). */
#include "fg_gen.h"
#include "fg_mem.h"
#include <stdio.h>
#include <stdlib.h>

static int fg_gen_less(const fg_gen_ev *a, const fg_gen_ev *b)
{
    return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

void fg_gen_queue_push(fg_gen_queue *q, int64_t t, fg_buf *line)
{
    if (q->n == q->cap) {
        q->cap = q->cap ? q->cap * 2 : 1024;
        q->v = fg_xrealloc(q->v, q->cap * sizeof *q->v);
    }
    fg_gen_ev ev = {t, q->seq++, fg_xstrndup(line->p, line->len)};
    size_t i = q->n++;
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!fg_gen_less(&ev, &q->v[parent])) break;
        q->v[i] = q->v[parent];
        i = parent;
    }
    q->v[i] = ev;
    line->len = 0;
}

static fg_gen_ev fg_gen_pop(fg_gen_queue *q)
{
    fg_gen_ev top = q->v[0];
    fg_gen_ev last = q->v[--q->n];
    size_t i = 0;
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        const fg_gen_ev *best = &last;
        if (l < q->n && fg_gen_less(&q->v[l], best)) {
            m = l;
            best = &q->v[l];
        }
        if (r < q->n && fg_gen_less(&q->v[r], best)) m = r;
        if (m == i) break;
        q->v[i] = q->v[m];
        i = m;
    }
    if (q->n) q->v[i] = last;
    return top;
}

size_t fg_gen_queue_flush(fg_gen_queue *q, int64_t upto, FILE *out)
{
    size_t k = 0;
    while (q->n && q->v[0].t <= upto) {
        fg_gen_ev ev = fg_gen_pop(q);
        fputs(ev.line, out);
        fputc('\n', out);
        free(ev.line);
        k++;
    }
    return k;
}

void fg_gen_queue_free(fg_gen_queue *q)
{
    for (size_t i = 0; i < q->n; i++) free(q->v[i].line);
    free(q->v);
}

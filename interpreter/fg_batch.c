/* fg_batch — a batch of framed input lines on its way through the daemon.
 *
 * The loop thread appends lines (from any number of sources, in the order
 * it framed them: the accepted order) to one text buffer; a decode worker
 * parses and checks them into the batch's own arena; the evaluator runs
 * the rules on them and frees the batch.  A batch belongs to one thread at
 * a time (the pipe's lock hands it over), so it needs no lock of its own.
 *
 * Lines are kept as offsets, not pointers, because the text buffer grows
 * while the batch fills.  Each line names its source by the offset of a
 * NUL-terminated copy of the source name, appended once per run of lines
 * from the same source, so a source may close before its lines are
 * evaluated. */
#include "fg_serve.h"
#include "fg_mem.h"
#include <stdlib.h>
#include <string.h>

fg_batch *fg_batch_new(void)
{
    fg_batch *b = fg_xcalloc(1, sizeof *b);
    fg_buf_init(&b->text);
    fg_arena_init(&b->arena);
    return b;
}

void fg_batch_free(fg_batch *b)
{
    if (!b) return;
    fg_buf_free(&b->text);
    fg_arena_free(&b->arena);
    free(b->v);
    free(b->ev);
    free(b->err);
    free(b);
}

size_t fg_batch_add(fg_batch *b, const fg_source *src, int kind, uint64_t lineno,
                    const char *text, size_t len)
{
    size_t before = b->text.len;
    if (b->n == 0 || b->last_src != src->id) {
        b->last_src = src->id;
        b->last_name = (uint32_t)b->text.len;
        fg_buf_put(&b->text, src->name, strlen(src->name) + 1);
    }
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 64;
        b->v = fg_xrealloc(b->v, b->cap * sizeof *b->v);
    }
    fg_sline *l = &b->v[b->n++];
    l->off = (uint32_t)b->text.len;
    l->len = (uint32_t)len;
    l->name = b->last_name;
    l->slot = (uint16_t)src->slot;
    l->kind = (uint8_t)kind;
    l->lineno = lineno;
    if (kind != FG_SL_OVERLONG) fg_buf_put(&b->text, text, len);
    size_t add = b->text.len - before + sizeof *l;
    b->bytes += add;
    return add;
}

void fg_batch_decode(fg_batch *b, fg_jparser *jp)
{
    b->ev = fg_xcalloc(b->n ? b->n : 1, sizeof *b->ev);
    b->err = fg_xcalloc(b->n ? b->n : 1, sizeof *b->err);
    jp->arena = &b->arena;
    char err[256];
    for (size_t i = 0; i < b->n; i++) {
        const fg_sline *l = &b->v[i];
        if (l->kind == FG_SL_NOTE) {
            b->err[i] = fg_arena_strndup(&b->arena, b->text.p + l->off, l->len);
            continue;
        }
        const char *text = l->kind == FG_SL_LINE ? b->text.p + l->off : NULL;
        fg_event *ev = fg_arena_alloc(&b->arena, sizeof *ev);
        if (fg_engine_decode(jp, ev, fg_batch_name(b, l), l->lineno, text, l->len, err,
                             sizeof err))
            b->err[i] = fg_arena_strndup(&b->arena, err, strlen(err));
        else
            b->ev[i] = ev;
    }
    jp->arena = NULL;
}
